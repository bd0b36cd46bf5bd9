import type { ConversationSummary, Message, OutboxEntry } from '../types.js'

/** Whose data a store holds: a store never mixes two users. */
export interface StoreOwner {
  appId: string
  userId: string
}

/** Everything a client reads from its store when it starts. */
export interface StoredState {
  owner?: StoreOwner
  /** Per conversation, the last seq handed to the app. */
  cursors: Record<string, number>
  conversations: ConversationSummary[]
  outbox: OutboxEntry[]
}

/** One atomic write: all of it lands, or none. */
export interface StoreWrite {
  owner?: StoreOwner
  cursors?: Record<string, number>
  conversations?: ConversationSummary[]
  /** Upserted by (conversationId, seq); the store keeps only the most recent per conversation. */
  messages?: Message[]
  outboxPut?: OutboxEntry[]
  outboxDelete?: string[]
}

/** Which stored messages to read. */
export interface StoredMessagesQuery {
  /** Only messages with a smaller seq. */
  beforeSeq?: number
  /** Only messages with a larger seq. */
  afterSeq?: number
  /** At most this many: the newest ones with `beforeSeq` or none, the oldest ones with `afterSeq`. */
  limit?: number
}

/**
 * Where a client keeps its state between runs: cursors, conversations, recent messages, outbox.
 * Implementations: {@link MemoryStore} (default; nothing survives the process) and `IndexedDbStore`
 * from `@warbler/sdk/idb` (browsers; survives a page reload).
 */
export interface LocalStore {
  /** Reads the state a client starts from. */
  load(): Promise<StoredState>
  /** Writes a batch atomically. */
  write(batch: StoreWrite): Promise<void>
  /** Stored messages of a conversation, in seq order. */
  messages(conversationId: string, query?: StoredMessagesQuery): Promise<Message[]>
  /** One stored message. */
  message(conversationId: string, seq: number): Promise<Message | undefined>
  /** Deletes everything (another user signed in). */
  clear(): Promise<void>
  /** Releases resources. */
  close(): Promise<void>
}

/** Default number of messages a store keeps per conversation. */
export const DEFAULT_MESSAGES_PER_CONVERSATION = 200

/** Applies a {@link StoredMessagesQuery} to messages sorted by seq. */
export function selectMessages(sorted: readonly Message[], query: StoredMessagesQuery = {}): Message[] {
  let result = sorted.filter(
    (message) =>
      (query.beforeSeq === undefined || message.seq < query.beforeSeq) &&
      (query.afterSeq === undefined || message.seq > query.afterSeq),
  )
  if (query.limit !== undefined && result.length > query.limit) {
    result = query.afterSeq !== undefined && query.beforeSeq === undefined ? result.slice(0, query.limit) : result.slice(-query.limit)
  }
  return result
}
