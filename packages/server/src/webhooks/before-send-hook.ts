import { BeforeSendHookAnswer, MessageBody, WarblerError, type Ext } from '@warbler/protocol'
import { newId } from '../domain/ids.js'
import type { Logger } from '../observability/logger.js'
import type { Storage } from '../storage/storage.js'
import type { BeforeSendHookRecord } from '../storage/webhook-store.js'
import type { AddressPolicy } from '@warbler/ai/net'
import { postJson } from './outbound-post.js'
import { signatureHeader } from './signature.js'

/** What the before-send hook is asked about, and may rewrite. */
export interface BeforeSendInput {
  conversationId: string
  senderId: string
  body: MessageBody
  ext?: Ext
}

/** The hook as a function: resolves with the body to store, or throws `rejected_by_hook`. */
export type BeforeSendFunction = (appId: string, message: BeforeSendInput) => Promise<MessageBody>

/** Hook settings are re-read at most this often per app (changes made on this node apply at once). */
const CONFIG_TTL_MS = 5000
/** The largest answer read from a hook (a rewritten body fits well within). */
const MAX_ANSWER_BYTES = 256 * 1024

/**
 * The synchronous before-send hook: before a message is stored, the app's hook URL receives it in a
 * signed POST (same `Warbler-Signature` as webhooks) and answers `allow`, `reject` or `rewrite`.
 * A timeout, an error or an unreadable answer lets the message through when the hook fails open and
 * rejects it (`rejected_by_hook`) when it fails closed.
 *
 * @example
 * ```ts
 * const { body } = await hook.check(appId, { conversationId, senderId, body: { type: 'text', text: 'hi' } })
 * ```
 */
export class BeforeSendHook {
  private readonly cache = new Map<string, { record: BeforeSendHookRecord | undefined; at: number }>()

  constructor(
    private readonly storage: Storage,
    private readonly policy: AddressPolicy,
    private readonly logger: Logger,
  ) {}

  /** Forgets the cached settings of an app (after they changed). */
  invalidate(appId: string): void {
    this.cache.delete(appId)
  }

  private async settingsOf(appId: string): Promise<BeforeSendHookRecord | undefined> {
    const cached = this.cache.get(appId)
    if (cached && Date.now() - cached.at < CONFIG_TTL_MS) return cached.record
    const record = await this.storage.webhooks.getBeforeSendHook(appId)
    if (this.cache.size > 10_000) this.cache.clear()
    this.cache.set(appId, { record, at: Date.now() })
    return record
  }

  /** The hook as the function MessageService calls before it stores a message. */
  asCheck(): BeforeSendFunction {
    return async (appId, message) => (await this.check(appId, message)).body
  }

  /** Resolves with the body to store; throws `rejected_by_hook` when the hook refuses the message. */
  async check(appId: string, input: BeforeSendInput): Promise<{ body: MessageBody }> {
    const hook = await this.settingsOf(appId)
    if (!hook?.enabled) return { body: input.body }
    let answer: BeforeSendHookAnswer
    try {
      answer = await this.ask(hook, input)
    } catch (error) {
      const reason = (error as Error).message
      this.logger.warn({ appId, failMode: hook.failMode, reason }, 'before-send hook failed')
      if (hook.failMode === 'open') return { body: input.body }
      throw new WarblerError('rejected_by_hook', `The before-send hook did not give a usable answer (${reason}); the app refuses messages then.`)
    }
    if (answer.action === 'reject') throw new WarblerError('rejected_by_hook', answer.reason ?? ERROR_DEFAULT)
    if (answer.action === 'rewrite') return { body: answer.body }
    return { body: input.body }
  }

  private async ask(hook: BeforeSendHookRecord, input: BeforeSendInput): Promise<BeforeSendHookAnswer> {
    const deadline = Date.now() + hook.timeoutMs
    const payload = JSON.stringify({
      id: newId('evt'),
      type: 'message.before-send',
      appId: hook.appId,
      createdAt: Date.now(),
      data: { conversationId: input.conversationId, senderId: input.senderId, body: input.body, ...(input.ext === undefined ? {} : { ext: input.ext }) },
    })
    const remaining = deadline - Date.now()
    if (remaining <= 0) throw new Error(`no answer within ${hook.timeoutMs} ms`)
    const response = await postJson(this.policy, hook.url, payload, { 'warbler-signature': signatureHeader(hook.secret, payload), 'warbler-event-type': 'message.before-send' }, {
      timeoutMs: remaining,
      maxResponseBytes: MAX_ANSWER_BYTES,
    })
    if (response.status < 200 || response.status >= 300) throw new Error(`HTTP ${response.status}`)
    let json: unknown
    try {
      json = JSON.parse(response.body)
    } catch {
      throw new Error('the answer is not JSON')
    }
    const parsed = BeforeSendHookAnswer.safeParse(json)
    if (!parsed.success) throw new Error(`the answer is not { action: allow | reject | rewrite }: ${parsed.error.issues[0]?.message ?? 'invalid'}`)
    if (parsed.data.action === 'rewrite' && !MessageBody.safeParse(parsed.data.body).success) throw new Error('the rewritten body is not a valid message body')
    return parsed.data
  }
}

const ERROR_DEFAULT = 'The message was rejected by the app’s before-send hook.'
