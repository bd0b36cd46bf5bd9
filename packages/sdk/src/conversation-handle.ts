import type { Conversation, Member } from '@warbler/protocol'
import type { WarblerClient, SendOptions } from './client.js'
import type { MessageBody } from './custom-data.js'
import type { Listener } from './event-emitter.js'
import type { HistoryOptions, MessagePage } from './history-reader.js'
import type { ConversationSummary, SendResult, WarblerClientEvents } from './types.js'

/** The client events that belong to one conversation (each payload has its `conversationId`). */
export type ConversationEvents = Pick<
  WarblerClientEvents,
  'message' | 'notice' | 'message-delta' | 'message-update' | 'event' | 'send-result' | 'send-failed' | 'rate-limited' | 'typing' | 'receipt'
>

/** A page of a conversation's members: `next` is the cursor of the next page, `null` at the end. */
export interface ConversationMembersPage {
  items: Member[]
  next: string | null
}

/**
 * One conversation as an object: `client.conversation(id)`. Every call goes through the client
 * (same outbox, same ordering, same store); the object only fixes the conversation id, so it is
 * cheap, and the client hands out the same one for the same id.
 *
 * @example
 * ```ts
 * const chat = client.conversation(conversationId)
 * const off = chat.on('message', (m) => console.log(m.seq, m.body))
 * await chat.send({ type: 'text', text: 'hi' })
 * let page = await chat.history({ limit: 30 })                            // the newest 30
 * page = await chat.history({ beforeSeq: page.events[0]!.seq, limit: 30 }) // the 30 before them
 * await chat.markRead()
 * off()
 * ```
 */
export class ConversationHandle {
  constructor(
    /** The conversation's id. */
    readonly id: string,
    private readonly client: WarblerClient,
  ) {}

  /** Its row of the client's conversation list (unread count, last message, pin, mute), once known. */
  get summary(): ConversationSummary | undefined {
    return this.client.conversationSummary(this.id)
  }

  /** Reads the conversation (kind, name, members inline for small ones) from the server. */
  get(): Promise<Conversation> {
    return this.client.getConversation(this.id)
  }

  /** Sends a message here; see {@link WarblerClient.send} (queued offline, idempotent, resolves on the ack). */
  send(body: MessageBody, options: SendOptions = {}): Promise<SendResult> {
    return this.client.send(this.id, body, options)
  }

  /**
   * A page of history, messages as they are now. With no cursor: the **newest** page. Page back
   * with `beforeSeq: page.events[0].seq` while `hasMore`; forward with `afterSeq: <last seq>`
   * (`afterSeq: 0` starts at the oldest). `limit` counts messages, not the edits folded into them.
   */
  history(options: HistoryOptions = {}): Promise<MessagePage> {
    return this.client.history(this.id, options)
  }

  /**
   * Marks the conversation read up to `seq`, by default up to its latest message (as the client
   * knows it, else as the server answers).
   */
  async markRead(seq?: number): Promise<void> {
    let upTo = seq ?? this.summary?.lastSeq
    if (upTo === undefined || upTo === 0) upTo = (await this.get()).lastSeq
    if (upTo > 0) await this.client.markRead(this.id, upTo)
  }

  /** A page of members (by user id; `after` is the previous page's `next`). */
  async members(page: { after?: string; limit?: number } = {}): Promise<ConversationMembersPage> {
    const answer = await this.client.groups.members(this.id, page)
    return { items: answer.members, next: answer.next }
  }

  /** Tells the others the user is typing (`true`, throttled, stops on its own) or stopped (`false`). */
  typing(active = true): void {
    if (active) this.client.typing.start(this.id)
    else this.client.typing.stop(this.id)
  }

  /** Listens to an event of this conversation only; returns a function that stops listening. */
  on<K extends keyof ConversationEvents>(name: K, listener: Listener<ConversationEvents[K]>): () => void {
    return this.client.on(name, (payload) => {
      if ((payload as { conversationId: string }).conversationId === this.id) return listener(payload)
    })
  }
}
