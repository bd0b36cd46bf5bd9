import type { ConversationSummary, Message, OutboxEntry } from '../types.js'
import type { IdbDatabaseLike, IdbFactoryLike, IdbRequestLike, IdbTransactionLike } from './idb-types.js'
import {
  DEFAULT_MESSAGES_PER_CONVERSATION,
  selectMessages,
  type LocalStore,
  type StoredMessagesQuery,
  type StoredState,
  type StoreOwner,
  type StoreWrite,
} from './local-store.js'

/** Options of {@link IndexedDbStore}. */
export interface IndexedDbStoreOptions {
  /** Database name; use one per app (default `warbler`). The signed-in user is checked on connect. */
  name?: string
  /** Messages kept per conversation (the newest; default 200). */
  messagesPerConversation?: number
  /** The IndexedDB factory (default `globalThis.indexedDB`; `fake-indexeddb` in tests). */
  indexedDB?: IdbFactoryLike
}

const VERSION = 1
const META = 'meta'
const CURSORS = 'cursors'
const CONVERSATIONS = 'conversations'
const MESSAGES = 'messages'
const OUTBOX = 'outbox'
const ALL = [META, CURSORS, CONVERSATIONS, MESSAGES, OUTBOX]
const BY_CONVERSATION = 'byConversation'

/**
 * A {@link LocalStore} in IndexedDB, for browsers: after a page reload the client shows its
 * conversations and recent messages at once, re-sends its outbox, and syncs only the delta.
 *
 * @example
 * ```ts
 * import { WarblerClient } from '@warbler/sdk'
 * import { IndexedDbStore } from '@warbler/sdk/idb'
 * const client = new WarblerClient({ url, getToken, store: new IndexedDbStore({ name: 'warbler-myapp' }) })
 * await client.loadLocal() // conversations and messages from the last visit, before the network
 * await client.connect()
 * ```
 */
export class IndexedDbStore implements LocalStore {
  readonly #name: string
  readonly #limit: number
  readonly #factory: IdbFactoryLike | undefined
  #db: Promise<IdbDatabaseLike> | undefined

  constructor(options: IndexedDbStoreOptions = {}) {
    this.#name = options.name ?? 'warbler'
    this.#limit = options.messagesPerConversation ?? DEFAULT_MESSAGES_PER_CONVERSATION
    this.#factory = options.indexedDB ?? (globalThis as { indexedDB?: IdbFactoryLike }).indexedDB
  }

  async load(): Promise<StoredState> {
    const db = await this.#open()
    const tx = db.transaction(ALL, 'readonly')
    const [owner, keys, values, conversations, outbox] = await Promise.all([
      request<StoreOwner | undefined>(tx.objectStore(META).get('owner')),
      request<string[]>(tx.objectStore(CURSORS).getAllKeys()),
      request<number[]>(tx.objectStore(CURSORS).getAll()),
      request<ConversationSummary[]>(tx.objectStore(CONVERSATIONS).getAll()),
      request<OutboxEntry[]>(tx.objectStore(OUTBOX).getAll()),
      done(tx),
    ])
    const state: StoredState = {
      cursors: Object.fromEntries(keys.map((key, index) => [key, values[index]!])),
      conversations,
      outbox: outbox.sort((a, b) => a.createdAt - b.createdAt),
    }
    if (owner) state.owner = owner
    return state
  }

  async write(batch: StoreWrite): Promise<void> {
    const db = await this.#open()
    const tx = db.transaction(ALL, 'readwrite')
    if (batch.owner) tx.objectStore(META).put(batch.owner, 'owner')
    for (const [conversationId, seq] of Object.entries(batch.cursors ?? {})) tx.objectStore(CURSORS).put(seq, conversationId)
    for (const row of batch.conversations ?? []) tx.objectStore(CONVERSATIONS).put(row)
    const messages = tx.objectStore(MESSAGES)
    const touched = new Set<string>()
    for (const message of batch.messages ?? []) {
      messages.put(message)
      touched.add(message.conversationId)
    }
    for (const conversationId of touched) {
      // Runs after the puts above (requests of a transaction run in order): keep the newest only.
      const keys = messages.index(BY_CONVERSATION).getAllKeys(conversationId)
      keys.onsuccess = () => {
        const all = (keys.result as [string, number][]).sort((a, b) => a[1] - b[1])
        for (const key of all.slice(0, Math.max(0, all.length - this.#limit))) messages.delete(key)
      }
    }
    for (const entry of batch.outboxPut ?? []) tx.objectStore(OUTBOX).put(entry)
    for (const id of batch.outboxDelete ?? []) tx.objectStore(OUTBOX).delete(id)
    await done(tx)
  }

  async messages(conversationId: string, query?: StoredMessagesQuery): Promise<Message[]> {
    const db = await this.#open()
    const tx = db.transaction(MESSAGES, 'readonly')
    const all = await request<Message[]>(tx.objectStore(MESSAGES).index(BY_CONVERSATION).getAll(conversationId))
    return selectMessages(all.sort((a, b) => a.seq - b.seq), query)
  }

  async message(conversationId: string, seq: number): Promise<Message | undefined> {
    const db = await this.#open()
    const tx = db.transaction(MESSAGES, 'readonly')
    return request<Message | undefined>(tx.objectStore(MESSAGES).get([conversationId, seq]))
  }

  async clear(): Promise<void> {
    const db = await this.#open()
    const tx = db.transaction(ALL, 'readwrite')
    for (const name of ALL) tx.objectStore(name).clear()
    await done(tx)
  }

  async close(): Promise<void> {
    const db = this.#db
    this.#db = undefined
    if (db) (await db.catch(() => undefined))?.close()
  }

  #open(): Promise<IdbDatabaseLike> {
    this.#db ??= new Promise<IdbDatabaseLike>((resolve, reject) => {
      if (!this.#factory) {
        reject(new Error('IndexedDB is not available here; use MemoryStore or pass `indexedDB`.'))
        return
      }
      const open = this.#factory.open(this.#name, VERSION)
      open.onupgradeneeded = () => {
        const db = open.result
        if (!db.objectStoreNames.contains(META)) db.createObjectStore(META)
        if (!db.objectStoreNames.contains(CURSORS)) db.createObjectStore(CURSORS)
        if (!db.objectStoreNames.contains(CONVERSATIONS)) db.createObjectStore(CONVERSATIONS, { keyPath: 'id' })
        if (!db.objectStoreNames.contains(MESSAGES)) {
          db.createObjectStore(MESSAGES, { keyPath: ['conversationId', 'seq'] }).createIndex(BY_CONVERSATION, 'conversationId')
        }
        if (!db.objectStoreNames.contains(OUTBOX)) db.createObjectStore(OUTBOX, { keyPath: 'clientMsgId' })
      }
      open.onsuccess = () => resolve(open.result)
      open.onerror = () => reject(open.error)
      open.onblocked = () => reject(new Error(`IndexedDB "${this.#name}" is blocked by another open connection.`))
    })
    return this.#db
  }
}

function request<T>(req: IdbRequestLike): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    req.onsuccess = () => resolve(req.result as T)
    req.onerror = () => reject(req.error)
  })
}

function done(tx: IdbTransactionLike): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve()
    tx.onerror = () => reject(tx.error)
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'))
  })
}
