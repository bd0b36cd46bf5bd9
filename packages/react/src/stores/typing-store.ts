import type { WarblerClient } from '@warbler/sdk'
import { ExternalStore } from './external-store.js'

/** Who is typing now, per conversation (never the signed-in user). */
export interface TypingSnapshot {
  typing: Record<string, string[]>
}

/** How long a `typing: active` lasts when no `active: false` follows (ms): the SDK repeats it every few seconds. */
export const TYPING_EXPIRY_MS = 7000

/**
 * Follows `typing` notices. A typist whose stop never arrives (they closed the tab) drops off
 * after {@link TYPING_EXPIRY_MS}; one whose message arrives stops at once.
 */
export class TypingStore extends ExternalStore<TypingSnapshot> {
  readonly #timers = new Map<string, ReturnType<typeof setTimeout>>()

  constructor(private readonly client: WarblerClient) {
    super({ typing: {} })
    client.on('typing', ({ conversationId, userId, active }) => this.set(conversationId, userId, active))
    client.on('message', (message) => {
      if (message.status === 'final') this.set(message.conversationId, message.senderId, false)
    })
    client.on('message-update', (message) => {
      if (message.status === 'final') this.set(message.conversationId, message.senderId, false)
    })
  }

  /** Records that `userId` started or stopped typing in a conversation. */
  set(conversationId: string, userId: string, active: boolean): void {
    if (userId === this.client.userId) return
    const key = `${conversationId}\u0000${userId}`
    clearTimeout(this.#timers.get(key))
    this.#timers.delete(key)
    const current = this.getSnapshot().typing[conversationId] ?? []
    const others = current.filter((id) => id !== userId)
    if (active) {
      others.push(userId)
      const timer = setTimeout(() => this.set(conversationId, userId, false), TYPING_EXPIRY_MS)
      ;(timer as { unref?: () => void }).unref?.()
      this.#timers.set(key, timer)
    } else if (others.length === current.length) {
      return
    }
    this.update({ typing: { ...this.getSnapshot().typing, [conversationId]: others } })
  }

  /** Stops the expiry timers. */
  dispose(): void {
    for (const timer of this.#timers.values()) clearTimeout(timer)
    this.#timers.clear()
  }
}
