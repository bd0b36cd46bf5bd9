import type { ConversationSummary, Message, OutboxEntry } from '../types.js'
import {
  DEFAULT_MESSAGES_PER_CONVERSATION,
  selectMessages,
  type LocalStore,
  type StoredMessagesQuery,
  type StoredState,
  type StoreOwner,
  type StoreWrite,
} from './local-store.js'

/** Options of {@link MemoryStore}. */
export interface MemoryStoreOptions {
  /** Messages kept per conversation (the newest; default 200). */
  messagesPerConversation?: number
}

/**
 * A {@link LocalStore} in memory: the default. Nothing survives the process, so a new client
 * starts as a fresh one (it catches up on unread messages). Share one instance between clients
 * in tests to simulate a restart.
 */
export class MemoryStore implements LocalStore {
  #owner: StoreOwner | undefined
  readonly #cursors = new Map<string, number>()
  readonly #conversations = new Map<string, ConversationSummary>()
  readonly #messages = new Map<string, Map<number, Message>>()
  readonly #outbox = new Map<string, OutboxEntry>()
  readonly #limit: number

  constructor(options: MemoryStoreOptions = {}) {
    this.#limit = options.messagesPerConversation ?? DEFAULT_MESSAGES_PER_CONVERSATION
  }

  async load(): Promise<StoredState> {
    return structuredClone({
      ...(this.#owner ? { owner: this.#owner } : {}),
      cursors: Object.fromEntries(this.#cursors),
      conversations: [...this.#conversations.values()],
      outbox: [...this.#outbox.values()].sort((a, b) => a.createdAt - b.createdAt),
    })
  }

  async write(batch: StoreWrite): Promise<void> {
    const copy = structuredClone(batch)
    if (copy.owner) this.#owner = copy.owner
    for (const [id, seq] of Object.entries(copy.cursors ?? {})) this.#cursors.set(id, seq)
    for (const row of copy.conversations ?? []) this.#conversations.set(row.id, row)
    const touched = new Set<string>()
    for (const message of copy.messages ?? []) {
      let bySeq = this.#messages.get(message.conversationId)
      if (!bySeq) {
        bySeq = new Map()
        this.#messages.set(message.conversationId, bySeq)
      }
      bySeq.set(message.seq, message)
      touched.add(message.conversationId)
    }
    for (const id of touched) this.#trim(id)
    for (const entry of copy.outboxPut ?? []) this.#outbox.set(entry.clientMsgId, entry)
    for (const id of copy.outboxDelete ?? []) this.#outbox.delete(id)
  }

  async messages(conversationId: string, query?: StoredMessagesQuery): Promise<Message[]> {
    const sorted = [...(this.#messages.get(conversationId)?.values() ?? [])].sort((a, b) => a.seq - b.seq)
    return structuredClone(selectMessages(sorted, query))
  }

  async message(conversationId: string, seq: number): Promise<Message | undefined> {
    const found = this.#messages.get(conversationId)?.get(seq)
    return found ? structuredClone(found) : undefined
  }

  async clear(): Promise<void> {
    this.#owner = undefined
    this.#cursors.clear()
    this.#conversations.clear()
    this.#messages.clear()
    this.#outbox.clear()
  }

  async close(): Promise<void> {}

  #trim(conversationId: string): void {
    const bySeq = this.#messages.get(conversationId)
    if (!bySeq || bySeq.size <= this.#limit) return
    const seqs = [...bySeq.keys()].sort((a, b) => a - b)
    for (const seq of seqs.slice(0, seqs.length - this.#limit)) bySeq.delete(seq)
  }
}
