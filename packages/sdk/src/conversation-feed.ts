import { WarblerError, type Conversation } from '@warbler/protocol'
import type { ConversationList } from './conversation-list.js'
import { TRANSIENT_CODES } from './stop-codes.js'
import type { TypedEmitter } from './event-emitter.js'
import type { StoreWrite } from './stores/local-store.js'
import type { Message, WarblerClientEvents } from './types.js'

/** What {@link ConversationFeed} needs from the client. */
export interface ConversationFeedOptions {
  list: ConversationList
  emitter: TypedEmitter<WarblerClientEvents>
  /** A background store write. */
  persist: (batch: StoreWrite) => void
  /** `conversation.get`. */
  getConversation: (conversationId: string) => Promise<Conversation>
  /** The newest messages up to `lastSeq` (for a preview). */
  latestMessages: (conversationId: string, lastSeq: number) => Promise<Message[]>
  /** A conversation was read from the server (its `lastSeq` is news for the ordering buffer). */
  onConversation: (conversation: Conversation) => void
}

/**
 * Keeps the app's conversation list current: batches row changes into one `conversations-change`
 * per tick, saves changed rows, and fills in what the list lacks once connected (the details of
 * conversations known only by id, and a last-message preview for conversations with nothing unread).
 */
export class ConversationFeed {
  readonly #changed = new Set<string>()
  readonly #dirty = new Set<string>()
  readonly #inFlight = new Set<string>()
  /** Conversations whose details the server refused (not retried in this session; a drop is retried). */
  readonly #refused = new Set<string>()
  #scheduled = false
  #live = false

  constructor(private readonly options: ConversationFeedOptions) {}

  /** Whether the client is connected and caught up (details are fetched only then). */
  setLive(live: boolean): void {
    this.#live = live
    if (live) {
      this.fetchDetails()
      this.fetchPreviews()
    }
  }

  /** Rows changed: announce them (batched); save them unless `persist` is false (already saved). */
  changed(ids: Iterable<string>, persist: boolean): void {
    for (const id of ids) {
      this.#changed.add(id)
      if (persist) this.#dirty.add(id)
    }
    if (this.#changed.size === 0 || this.#scheduled) return
    this.#scheduled = true
    queueMicrotask(() => this.flush())
  }

  /** The whole list changed (another user signed in). */
  reset(): void {
    this.#changed.add('')
    this.#refused.clear()
    this.changed([], false)
  }

  /** Applies a conversation read from the server. */
  applyConversation(conversation: Conversation): void {
    this.options.onConversation(conversation)
    if (this.options.list.applyConversation(conversation)) this.changed([conversation.id], true)
  }

  /** Saves and announces pending changes now. */
  flush(): void {
    this.#scheduled = false
    const { list } = this.options
    if (this.#dirty.size > 0) {
      const rows = [...this.#dirty].map((id) => list.get(id)).filter((row) => row !== undefined)
      this.#dirty.clear()
      this.options.persist({ conversations: rows })
    }
    if (this.#changed.size === 0) return
    const changed = [...this.#changed].filter((id) => id !== '')
    this.#changed.clear()
    this.options.emitter.emit('conversations-change', { conversations: list.list(), changed })
    if (this.#live) this.fetchDetails()
  }

  /** Reads the details of conversations known only from sync or events. */
  fetchDetails(): void {
    for (const row of this.options.list.list()) {
      if (row.conversation || this.#inFlight.has(row.id) || this.#refused.has(row.id)) continue
      this.#inFlight.add(row.id)
      this.options
        .getConversation(row.id)
        .then((conversation) => this.applyConversation(conversation))
        .catch((error: unknown) => {
          if (!WarblerError.isInstance(error) || !TRANSIENT_CODES.has(error.code)) this.#refused.add(row.id)
        })
        .finally(() => this.#inFlight.delete(row.id))
    }
  }

  /**
   * Rows with messages but no known last message (a fresh client only delivers unread ones):
   * reads the newest messages so the list can show a preview. Nothing is emitted as `message`.
   */
  fetchPreviews(): void {
    for (const row of this.options.list.list()) {
      const key = `preview\u0000${row.id}`
      if (row.lastMessage || row.lastSeq === 0 || this.#inFlight.has(key)) continue
      this.#inFlight.add(key)
      this.options
        .latestMessages(row.id, row.lastSeq)
        .then((messages) => {
          const last = messages.at(-1)
          if (last && this.options.list.applyPreview(last)) this.changed([row.id], true)
        })
        .catch(() => {
          // Not fatal: the row shows no preview until its next message.
        })
        .finally(() => this.#inFlight.delete(key))
    }
  }
}
