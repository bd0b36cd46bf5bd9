import type { RequestResults, SearchHit } from '@warbler/protocol'
import type { MessageBody } from '../custom-data.js'
import type { FeatureContext } from './feature-context.js'

/** Filters of {@link MessageActions.search}. */
export interface SearchOptions {
  conversationId?: string
  senderId?: string
  /** Unix ms. */
  fromTs?: number
  /** Unix ms. */
  toTs?: number
  limit?: number
}

/** Read and delivered counts of one message. */
export type Receipts = RequestResults['message.receipts']

/**
 * What can be done to sent messages. Every member's client sees edits, recalls and reactions as
 * `message-update` (the message as it is now). Refusals reject with a `WarblerError`: `forbidden`
 * (someone else's message), `edit_window_passed`, `recall_window_passed`, `message_recalled`,
 * `not_member`.
 *
 * @example
 * ```ts
 * const { seq } = await client.send(conv.id, { type: 'text', text: 'tpyo' })
 * await client.messages.edit(conv.id, seq, { type: 'text', text: 'typo' })
 * await client.messages.react(conv.id, seq, '👍')
 * ```
 */
export class MessageActions {
  constructor(private readonly context: FeatureContext) {}

  /** Replaces the body of one of your messages; resolves with the seq of the edit event. */
  async edit(conversationId: string, seq: number, body: MessageBody): Promise<number> {
    return (await this.context.request('message.edit', { conversationId, seq, body })).seq
  }

  /** Recalls a message (yours within the recall window; owners and admins any in their group). */
  async recall(conversationId: string, seq: number): Promise<number> {
    return (await this.context.request('message.recall', { conversationId, seq })).seq
  }

  /** Adds your reaction. */
  async react(conversationId: string, seq: number, emoji: string): Promise<number> {
    return (await this.context.request('message.react', { conversationId, seq, emoji })).seq
  }

  /** Takes your reaction back. */
  async unreact(conversationId: string, seq: number, emoji: string): Promise<number> {
    return (await this.context.request('message.react', { conversationId, seq, emoji, remove: true })).seq
  }

  /** Deletes a message for you only, on all your devices (they get `message-update` with `hidden`). */
  async deleteForMe(conversationId: string, seq: number): Promise<void> {
    await this.context.request('message.delete', { conversationId, seq })
  }

  /** Forwards a message you can read into another conversation; idempotent per `clientMsgId`. */
  forward(fromConversationId: string, seq: number, toConversationId: string, options: { clientMsgId?: string } = {}): Promise<RequestResults['message.forward']> {
    const clientMsgId = options.clientMsgId ?? randomId()
    return this.context.request('message.forward', { clientMsgId, fromConversationId, seq, toConversationId })
  }

  /** Full-text search over the messages you can see (Chinese-aware), best first. */
  async search(query: string, options: SearchOptions = {}): Promise<SearchHit[]> {
    return (await this.context.request('message.search', { query, ...options })).hits
  }

  /** How many members have read and received a message (`readers` for small conversations). */
  receipts(conversationId: string, seq: number): Promise<Receipts> {
    return this.context.request('message.receipts', { conversationId, seq })
  }

  /** Tells the server this device has received everything up to `seq` (the sender sees `receipt`). */
  async markDelivered(conversationId: string, seq: number): Promise<number> {
    return (await this.context.request('delivered', { conversationId, seq })).deliveredSeq
  }
}

function randomId(): string {
  const crypto = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto
  if (crypto?.randomUUID) return crypto.randomUUID()
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`
}
