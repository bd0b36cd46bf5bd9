import type { FeatureContext } from './feature-context.js'

/** How often `start` repeats `active: true` while the user keeps typing (ms). */
export const TYPING_REPEAT_MS = 3000
/** After this long without `start`, typing stops on its own (ms). */
export const TYPING_AUTO_STOP_MS = 5000

/**
 * Typing indicators. Call `start` on every keystroke: it tells the server at most every
 * {@link TYPING_REPEAT_MS}, and stops on its own after {@link TYPING_AUTO_STOP_MS} of silence.
 * Sending a message stops it too. Others receive `typing` events.
 *
 * @example
 * ```ts
 * input.addEventListener('input', () => client.typing.start(conv.id))
 * client.on('typing', (t) => showTyping(t.conversationId, t.userId, t.active))
 * ```
 */
export class Typing {
  readonly #active = new Map<string, { sentAt: number; timer: ReturnType<typeof setTimeout> }>()

  constructor(private readonly context: FeatureContext) {}

  /** The user is typing in a conversation. */
  start(conversationId: string): void {
    const now = Date.now()
    const current = this.#active.get(conversationId)
    if (current) clearTimeout(current.timer)
    let sentAt = current?.sentAt ?? 0
    if (now - sentAt >= TYPING_REPEAT_MS) {
      this.context.send({ type: 'typing', conversationId, active: true })
      sentAt = now
    }
    const timer = setTimeout(() => this.stop(conversationId), TYPING_AUTO_STOP_MS)
    this.#active.set(conversationId, { sentAt, timer })
  }

  /** The user stopped typing (no-op when not typing). */
  stop(conversationId: string): void {
    const current = this.#active.get(conversationId)
    if (!current) return
    clearTimeout(current.timer)
    this.#active.delete(conversationId)
    this.context.send({ type: 'typing', conversationId, active: false })
  }

  /** Whether `start` is in effect for a conversation. */
  isTyping(conversationId: string): boolean {
    return this.#active.has(conversationId)
  }

  /** Stops every timer without telling the server (the client is closing). */
  dispose(): void {
    for (const { timer } of this.#active.values()) clearTimeout(timer)
    this.#active.clear()
  }
}
