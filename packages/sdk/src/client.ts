import {
  UNRECOVERABLE_CODES,
  WarblerError,
  type ClientFrame,
  type Conversation,
  type ConversationEvent,
  type ErrorCode,
  type Ext,
  type HistoryPage,
  type MessageBody,
  type RequestResults,
  type ServerFrame,
  type WelcomeFrame,
} from '@warbler/protocol'
import { Backoff } from './backoff.js'
import { CLIENT_DEFAULTS, type WarblerClientOptions } from './client-options.js'
import { Connection } from './connection.js'
import { ConversationList } from './conversation-list.js'
import { Delivery } from './delivery.js'
import { TypedEmitter, type Listener } from './event-emitter.js'
import { foldEvents } from './message-reducer.js'
import { OrderingBuffer } from './ordering-buffer.js'
import { Outbox } from './outbox.js'
import { RequestManager } from './request-manager.js'
import type { LocalStore, StoredMessagesQuery, StoreOwner, StoreWrite } from './stores/local-store.js'
import { MemoryStore } from './stores/memory-store.js'
import { Synchronizer } from './sync.js'
import { checkSend } from './validate.js'
import type {
  ConnectionState,
  ConnectionStateChange,
  ConversationSummary,
  Message,
  OutboxEntry,
  SendResult,
  WarblerClientEvents,
} from './types.js'
import { resolveWebSocket, toWebSocketUrl } from './websocket.js'

/** Options of one `send()`. */
export interface SendOptions {
  /** Makes the send idempotent: the same id again gives the same seq and stores nothing new. Default: a random id. */
  clientMsgId?: string
  ext?: Ext
  /** Deadline for this message (ms); `null` never gives up. Default: the client's `sendTimeoutMs`. */
  timeoutMs?: number | null
}

/** Which page of history to read. */
export interface HistoryOptions {
  /** Events after this seq, ascending. */
  afterSeq?: number
  /** The `limit` events just before this seq, ascending. */
  beforeSeq?: number
  limit?: number
}

/** A page of history: messages (edits, recalls and reactions applied) and the raw events. */
export interface MessagePage {
  messages: Message[]
  events: ConversationEvent[]
  hasMore: boolean
}

/** Codes after which the SDK stops reconnecting (on top of the protocol's unrecoverable codes). */
const STOP_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([...UNRECOVERABLE_CODES, 'session_kicked', 'client_closed'])

/** Connection-level error codes the server follows with a close. */
const CLOSING_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  ...STOP_CODES,
  'token_expired',
  'server_shutting_down',
  'auth_timeout',
  'too_many_connections',
])

type RequestFrame<K extends keyof RequestResults> = Omit<Extract<ClientFrame, { type: K }>, 'id' | 'type'>

interface Waiter {
  resolve: () => void
  reject: (error: WarblerError) => void
}

/**
 * The Warbler client: one connection that reconnects on its own, catches up on what was missed,
 * hands every event to the app once and in order, and keeps an outbox and a conversation list.
 *
 * @example
 * ```ts
 * const client = new WarblerClient({ url: 'http://localhost:8080', token })
 * client.on('message', (m) => console.log(m.conversationId, m.seq, m.senderId, m.body))
 * await client.connect()
 * const conv = await client.openDirect('bob')
 * const { seq } = await client.send(conv.id, { type: 'text', text: 'hi' })
 * await client.close()
 * ```
 */
export class WarblerClient {
  readonly #options: WarblerClientOptions
  readonly #emitter = new TypedEmitter<WarblerClientEvents>()
  readonly #requests = new RequestManager()
  readonly #buffer = new OrderingBuffer()
  readonly #list = new ConversationList()
  readonly #backoff: Backoff
  readonly #outbox: Outbox
  readonly #sync: Synchronizer
  readonly #delivery: Delivery
  readonly #store: LocalStore
  readonly #ownsStore: boolean

  #state: ConnectionState = 'disconnected'
  #connection: Connection | undefined
  #welcome: WelcomeFrame | undefined
  #owner: StoreOwner | undefined
  #token: string | undefined
  #wantConnected = false
  #closed = false
  #caughtUp = false
  #attempting = false
  #tokenRefreshes = 0
  #reconnectTimer: ReturnType<typeof setTimeout> | undefined
  #loading: Promise<void> | undefined
  #connectWaiters: Waiter[] = []
  #changedRows = new Set<string>()
  #dirtyRows = new Set<string>()
  #flushScheduled = false
  #fetching = new Set<string>()
  #removeOnlineListener: (() => void) | undefined
  readonly #writes = new Set<Promise<void>>()
  /** Why the client stopped reconnecting (an unrecoverable error), until the next connect(). */
  #stopError: WarblerError | undefined

  constructor(options: WarblerClientOptions) {
    if (!options.token && !options.getToken) throw new WarblerError('bad_request', 'Give `token` or `getToken`.')
    this.#options = options
    this.#token = options.token
    this.#store = options.store ?? new MemoryStore()
    this.#ownsStore = options.store === undefined
    this.#backoff = new Backoff(options.backoff)
    this.#delivery = new Delivery({
      store: () => this.#store,
      list: this.#list,
      emitter: this.#emitter,
      onRowsChanged: (ids) => this.#rowsChanged(ids, false),
    })
    this.#outbox = new Outbox({
      transmit: (entry) => this.#transmit(entry),
      persist: ({ put, delete: remove }) => this.#persist({ outboxPut: put ?? [], outboxDelete: remove ?? [] }),
      onResult: (result) => this.#emitter.emit('send-result', result),
      onFailure: (failure) => this.#emitter.emit('send-failed', failure),
      ackTimeoutMs: options.ackTimeoutMs ?? CLIENT_DEFAULTS.ackTimeoutMs,
    })
    this.#sync = new Synchronizer({
      buffer: this.#buffer,
      sync: (cursors) => this.#internalRequest('sync', cursors ? { cursors } : {}),
      history: (conversationId, afterSeq, limit) => this.#internalRequest('history', { conversationId, afterSeq, limit }),
      deliver: (events) => this.#delivery.deliver(events),
      onCursors: (cursors) => {
        const changed: string[] = []
        for (const cursor of cursors) if (this.#list.applyCursor(cursor)) changed.push(cursor.conversationId)
        this.#rowsChanged(changed, true)
      },
      onError: (error) => {
        // A pull cut by a drop is redone by the next catch-up: nothing for the app to act on.
        if (error.code !== 'connection_closed' && error.code !== 'client_closed') this.#report(error)
      },
      pageSize: options.historyPageSize ?? CLIENT_DEFAULTS.historyPageSize,
    })
  }

  // ------------------------------------------------------------------ events

  /** Listens to an event; returns a function that stops listening. */
  on<K extends keyof WarblerClientEvents>(name: K, listener: Listener<WarblerClientEvents[K]>): () => void {
    return this.#emitter.on(name, listener)
  }

  /** Listens to the next occurrence of an event. */
  once<K extends keyof WarblerClientEvents>(name: K, listener: Listener<WarblerClientEvents[K]>): () => void {
    return this.#emitter.once(name, listener)
  }

  /** Stops listening. */
  off<K extends keyof WarblerClientEvents>(name: K, listener: Listener<WarblerClientEvents[K]>): void {
    this.#emitter.off(name, listener)
  }

  // ------------------------------------------------------------------ state

  /** The connection state. */
  get state(): ConnectionState {
    return this.#state
  }

  /** The signed-in user's id, once connected (or from the store). */
  get userId(): string | undefined {
    return this.#welcome?.userId ?? this.#owner?.userId
  }

  /** The server's welcome of the current connection. */
  get welcome(): WelcomeFrame | undefined {
    return this.#welcome
  }

  /**
   * Reads the local store: conversations, cursors and the outbox. Called by `connect()`; call it
   * yourself to show stored conversations and messages before connecting.
   */
  loadLocal(): Promise<void> {
    this.#loading ??= (async () => {
      const state = await this.#store.load()
      this.#owner = state.owner
      if (state.owner) this.#list.setUser(state.owner.userId)
      for (const [conversationId, seq] of Object.entries(state.cursors)) this.#buffer.start(conversationId, seq)
      this.#list.load(state.conversations)
      this.#outbox.restore(state.outbox)
    })()
    return this.#loading
  }

  /** The conversation list, most recent activity first. */
  conversations(): ConversationSummary[] {
    return this.#list.list()
  }

  /** One row of the conversation list. */
  conversation(conversationId: string): ConversationSummary | undefined {
    return this.#list.get(conversationId)
  }

  /** Messages kept in the local store (no network), ascending. */
  localHistory(conversationId: string, query: StoredMessagesQuery = {}): Promise<Message[]> {
    return this.#store.messages(conversationId, { limit: 50, ...query })
  }

  /** Messages waiting in the outbox for their ack, oldest first. */
  pendingMessages(): OutboxEntry[] {
    return this.#outbox.pending()
  }

  // ------------------------------------------------------------------ lifecycle

  /**
   * Connects, then delivers what the user missed as `message` events: everything past the stored
   * cursors or, for a client with no stored state, the unread messages. Resolves once that is
   * delivered. Keeps reconnecting on its own; rejects only on an unrecoverable error (bad or
   * revoked token, banned user...) or `close()`.
   */
  async connect(): Promise<void> {
    if (this.#closed) throw new WarblerError('client_closed')
    await this.loadLocal()
    if (this.#state === 'connected' && this.#caughtUp) return
    const done = new Promise<void>((resolve, reject) => this.#connectWaiters.push({ resolve, reject }))
    if (!this.#wantConnected) {
      this.#wantConnected = true
      this.#stopError = undefined
      this.#listenForNetwork()
      void this.#attempt()
    }
    return done
  }

  /**
   * Closes the connection for good. Waiting sends and requests reject with `client_closed`;
   * messages in a persistent store's outbox are sent by the next client.
   */
  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    this.#wantConnected = false
    clearTimeout(this.#reconnectTimer)
    this.#removeOnlineListener?.()
    const error = new WarblerError('client_closed')
    const connection = this.#connection
    this.#connection = undefined
    connection?.close(error)
    this.#sync.disconnected()
    this.#outbox.dispose(error)
    this.#requests.rejectAll(error)
    this.#rejectWaiters(error)
    this.#setState({ state: 'disconnected', reason: 'client_closed', willReconnect: false, attempt: 0 })
    await this.#delivery.drained()
    this.#flush()
    await Promise.all([...this.#writes])
    if (this.#ownsStore) await this.#store.close()
  }

  // ------------------------------------------------------------------ messaging

  /**
   * Sends a message. Queued while disconnected and retried with the same `clientMsgId` until the
   * server acks it, so it is stored once. Resolves with the ack; rejects with `send_timeout` after
   * the deadline, or with the server's refusal (`not_member`, `text_too_long`, ...).
   */
  async send(conversationId: string, body: MessageBody, options: SendOptions = {}): Promise<SendResult> {
    if (this.#closed) throw new WarblerError('client_closed')
    const clientMsgId = options.clientMsgId ?? newClientMsgId()
    checkSend(body, clientMsgId, this.#welcome?.limits.maxTextLength)
    const timeout = options.timeoutMs === undefined ? (this.#options.sendTimeoutMs ?? CLIENT_DEFAULTS.sendTimeoutMs) : options.timeoutMs
    const now = Date.now()
    const entry: OutboxEntry = {
      clientMsgId,
      conversationId,
      body,
      ...(options.ext ? { ext: options.ext } : {}),
      createdAt: now,
      deadline: timeout === null || timeout === Number.POSITIVE_INFINITY ? null : now + timeout,
    }
    return this.#outbox.add(entry)
  }

  /** Opens (creating on first use) the direct conversation with `peerId`. */
  async openDirect(peerId: string): Promise<Conversation> {
    const conversation = await this.#request('conversation.open-direct', { peerId })
    this.#applyConversation(conversation)
    return conversation
  }

  /** Reads a conversation the user belongs to. */
  async getConversation(conversationId: string): Promise<Conversation> {
    const conversation = await this.#request('conversation.get', { conversationId })
    this.#applyConversation(conversation)
    return conversation
  }

  /** A page of a conversation's history from the server. */
  async history(conversationId: string, options: HistoryOptions = {}): Promise<MessagePage> {
    const page: HistoryPage = await this.#request('history', { conversationId, ...options })
    const folded = foldEvents(page.events)
    const messages: Message[] = []
    const fresh: Message[] = []
    for (const message of folded) {
      // The stored copy has every later edit the client has seen; the page only its own.
      const stored = await this.#store.message(conversationId, message.seq).catch(() => undefined)
      if (stored) messages.push(stored)
      else {
        messages.push(message)
        fresh.push(message)
      }
    }
    if (fresh.length > 0) this.#persist({ messages: fresh })
    return { messages, events: page.events, hasMore: page.hasMore }
  }

  /** Marks a conversation read up to `seq` (locally at once, then on the server). */
  async markRead(conversationId: string, seq: number): Promise<void> {
    if (this.#list.markRead(conversationId, seq)) this.#rowsChanged([conversationId], true)
    const answer = await this.#request('read', { conversationId, seq })
    if (this.#list.markRead(conversationId, answer.readSeq)) this.#rowsChanged([conversationId], true)
  }

  // ------------------------------------------------------------------ connection

  async #attempt(): Promise<void> {
    if (this.#attempting || !this.#wantConnected) return
    this.#attempting = true
    this.#setState({ state: 'connecting', willReconnect: true, attempt: this.#backoff.attempt })
    this.#sync.hold()
    let connection: Connection | undefined
    let welcome: WelcomeFrame
    try {
      const token = await this.#currentToken()
      const WebSocket = await resolveWebSocket(this.#options.WebSocket)
      if (!this.#wantConnected) {
        this.#attempting = false
        return
      }
      connection = new Connection({
        url: toWebSocketUrl(this.#options.url),
        WebSocket,
        token,
        ...(this.#options.deviceId ? { deviceId: this.#options.deviceId } : {}),
        authTimeoutMs: this.#options.authTimeoutMs ?? CLIENT_DEFAULTS.authTimeoutMs,
        ...(this.#options.heartbeatSeconds ? { heartbeatSeconds: this.#options.heartbeatSeconds } : {}),
        onFrame: (frame) => this.#onFrame(frame),
        onClose: (reason) => this.#onConnectionLost(connection!, reason),
      })
      this.#connection = connection
      welcome = await connection.open()
    } catch (error) {
      this.#attempting = false
      if (this.#connection === connection) this.#connection = undefined
      this.#onFailure(toWarblerError(error))
      return
    }
    this.#attempting = false
    if (!this.#wantConnected || this.#connection !== connection) {
      connection.close()
      return
    }
    await this.#onWelcome(connection, welcome)
  }

  async #onWelcome(connection: Connection, welcome: WelcomeFrame): Promise<void> {
    this.#welcome = welcome
    this.#tokenRefreshes = 0
    this.#backoff.reset()
    try {
      await this.#adoptOwner({ appId: welcome.appId, userId: welcome.userId })
    } catch (error) {
      this.#report(error)
    }
    if (this.#connection !== connection) return
    this.#caughtUp = false
    this.#setState({ state: 'connected', willReconnect: true, attempt: 0 })
    this.#outbox.setConnected(true)
    try {
      await this.#sync.catchUp()
      await this.#delivery.drained()
    } catch (error) {
      if (this.#connection === connection) {
        // The catch-up failed on a live connection (a request timed out): start over on a new one.
        connection.close(toWarblerError(error))
      }
      return
    }
    if (this.#connection !== connection) return
    this.#caughtUp = true
    const waiters = this.#connectWaiters
    this.#connectWaiters = []
    for (const waiter of waiters) waiter.resolve()
    this.#fetchMissingConversations()
    this.#fetchPreviews()
  }

  #onConnectionLost(connection: Connection, reason: WarblerError): void {
    if (this.#connection !== connection) return
    this.#connection = undefined
    this.#caughtUp = false
    this.#outbox.setConnected(false)
    this.#sync.disconnected()
    this.#requests.rejectAll(new WarblerError('connection_closed', reason.message, { cause: reason }))
    if (!this.#wantConnected) return
    this.#onFailure(reason)
  }

  #onFailure(error: WarblerError): void {
    if (!this.#wantConnected) return
    let delay: number
    if (error.code === 'token_expired' && this.#options.getToken) {
      this.#token = undefined
      this.#tokenRefreshes += 1
      // The first refresh is immediate; a token that is expired again waits like any failure.
      delay = this.#tokenRefreshes === 1 ? 0 : this.#backoff.next()
    } else if (STOP_CODES.has(error.code) || error.code === 'token_expired') {
      this.#stop(error)
      return
    } else {
      delay = this.#backoff.next()
    }
    this.#setState({ state: 'disconnected', reason: error.code, error, willReconnect: true, retryInMs: delay, attempt: this.#backoff.attempt })
    clearTimeout(this.#reconnectTimer)
    this.#reconnectTimer = setTimeout(() => void this.#attempt(), delay)
  }

  #stop(error: WarblerError): void {
    this.#wantConnected = false
    this.#stopError = error
    // A later connect() asks getToken() again instead of reusing the refused token.
    if (this.#options.getToken) this.#token = undefined
    clearTimeout(this.#reconnectTimer)
    this.#removeOnlineListener?.()
    this.#removeOnlineListener = undefined
    this.#setState({ state: 'disconnected', reason: error.code, error, willReconnect: false, attempt: this.#backoff.attempt })
    this.#requests.rejectAll(error)
    this.#rejectWaiters(error)
    this.#emitter.emit('error', error)
  }

  async #currentToken(): Promise<string> {
    if (this.#token) return this.#token
    if (!this.#options.getToken) throw new WarblerError('token_expired')
    try {
      this.#token = await this.#options.getToken()
    } catch (cause) {
      if (WarblerError.isInstance(cause)) throw cause
      throw new WarblerError('unavailable', `getToken failed: ${String(cause)}`, { cause })
    }
    return this.#token
  }

  /** A store never mixes users: another user signing in starts from a clean store. */
  async #adoptOwner(owner: StoreOwner): Promise<void> {
    const previous = this.#owner
    if (previous && previous.appId === owner.appId && previous.userId === owner.userId) return
    if (previous) {
      await this.#store.clear()
      this.#buffer.clear()
      this.#list.clear()
      this.#outbox.dispose(new WarblerError('forbidden', 'Another user signed in; the message was not sent.'))
      this.#changedRows.add('')
    }
    this.#owner = owner
    this.#list.setUser(owner.userId)
    await this.#store.write({ owner })
  }

  #onFrame(frame: ServerFrame): void {
    switch (frame.type) {
      case 'event': {
        const { type: _type, ...event } = frame
        this.#sync.push(event)
        break
      }
      case 'message.delta':
        this.#emitter.emit('message-delta', {
          conversationId: frame.conversationId,
          seq: frame.seq,
          text: frame.text,
          offset: frame.offset,
        })
        break
      case 'ack':
        this.#outbox.handleAck(frame)
        break
      case 'result':
        this.#requests.resolve(frame.id, frame.data)
        break
      case 'error': {
        if (frame.id !== undefined && this.#requests.has(frame.id)) {
          this.#requests.reject(frame.id, WarblerError.fromBody(frame))
        } else if (!this.#outbox.handleError(frame) && !CLOSING_CODES.has(frame.code)) {
          // Codes that close the connection are reported once, by the close.
          this.#emitter.emit('error', WarblerError.fromBody(frame))
        }
        break
      }
      default:
        break
    }
  }

  #transmit(entry: OutboxEntry): boolean {
    const connection = this.#connection
    if (!connection?.isOpen) return false
    return connection.send({
      type: 'message.send',
      clientMsgId: entry.clientMsgId,
      conversationId: entry.conversationId,
      body: entry.body,
      ...(entry.ext ? { ext: entry.ext } : {}),
    })
  }

  /** A request on the current connection only (sync and pulls belong to one connection). */
  #internalRequest<K extends keyof RequestResults>(type: K, frame: RequestFrame<K>): Promise<RequestResults[K]> {
    const connection = this.#connection
    if (!connection?.isOpen) return Promise.reject(new WarblerError('connection_closed'))
    return this.#sendRequest(connection, type, frame, this.#options.requestTimeoutMs ?? CLIENT_DEFAULTS.requestTimeoutMs)
  }

  /** An app request: waits for a connection (within the request timeout) when there is none. */
  async #request<K extends keyof RequestResults>(type: K, frame: RequestFrame<K>): Promise<RequestResults[K]> {
    if (this.#closed) throw new WarblerError('client_closed')
    const timeoutMs = this.#options.requestTimeoutMs ?? CLIENT_DEFAULTS.requestTimeoutMs
    const deadline = Date.now() + timeoutMs
    const connection = await this.#whenConnected(timeoutMs)
    return this.#sendRequest(connection, type, frame, Math.max(1, deadline - Date.now()))
  }

  #sendRequest<K extends keyof RequestResults>(
    connection: Connection,
    type: K,
    frame: RequestFrame<K>,
    timeoutMs: number,
  ): Promise<RequestResults[K]> {
    const id = this.#requests.nextId()
    const answer = this.#requests.register<RequestResults[K]>(id, timeoutMs)
    if (!connection.send({ ...frame, type, id } as ClientFrame)) this.#requests.reject(id, new WarblerError('connection_closed'))
    return answer
  }

  #whenConnected(timeoutMs: number): Promise<Connection> {
    const current = this.#connection
    if (current?.isOpen && this.#state === 'connected') return Promise.resolve(current)
    if (!this.#wantConnected) {
      return Promise.reject(this.#stopError ?? new WarblerError('connection_closed', 'Not connected: call connect() first.'))
    }
    return new Promise<Connection>((resolve, reject) => {
      const timer = setTimeout(() => {
        off()
        reject(new WarblerError('timeout', 'Not connected in time.'))
      }, timeoutMs)
      const off = this.#emitter.on('connection-state-change', (change) => {
        const connection = this.#connection
        if (change.state === 'connected' && connection?.isOpen) {
          clearTimeout(timer)
          off()
          resolve(connection)
        } else if (change.state === 'disconnected' && !change.willReconnect) {
          clearTimeout(timer)
          off()
          reject(change.error ?? new WarblerError('connection_closed'))
        }
      })
    })
  }

  #setState(change: ConnectionStateChange): void {
    this.#state = change.state
    this.#emitter.emit('connection-state-change', change)
  }

  #rejectWaiters(error: WarblerError): void {
    const waiters = this.#connectWaiters
    this.#connectWaiters = []
    for (const waiter of waiters) waiter.reject(error)
  }

  #listenForNetwork(): void {
    const target = globalThis as { addEventListener?: (name: string, listener: () => void) => void; removeEventListener?: (name: string, listener: () => void) => void }
    if (typeof target.addEventListener !== 'function' || this.#removeOnlineListener) return
    // A browser coming back online should not wait out the backoff.
    const onOnline = () => {
      if (this.#wantConnected && this.#state === 'disconnected' && !this.#attempting) {
        clearTimeout(this.#reconnectTimer)
        void this.#attempt()
      }
    }
    target.addEventListener('online', onOnline)
    this.#removeOnlineListener = () => target.removeEventListener?.('online', onOnline)
  }

  // ------------------------------------------------------------------ conversation list

  #applyConversation(conversation: Conversation): void {
    this.#buffer.noteLastSeq(conversation.id, conversation.lastSeq)
    if (this.#list.applyConversation(conversation)) this.#rowsChanged([conversation.id], true)
  }

  /** Rows changed: announce them (batched); persist them unless the delivery already did. */
  #rowsChanged(ids: Iterable<string>, persist: boolean): void {
    for (const id of ids) {
      this.#changedRows.add(id)
      if (persist) this.#dirtyRows.add(id)
    }
    if (this.#changedRows.size === 0 || this.#flushScheduled) return
    this.#flushScheduled = true
    queueMicrotask(() => this.#flush())
  }

  #flush(): void {
    this.#flushScheduled = false
    if (this.#dirtyRows.size > 0) {
      const rows = [...this.#dirtyRows].map((id) => this.#list.get(id)).filter((row) => row !== undefined)
      this.#dirtyRows.clear()
      this.#persist({ conversations: rows })
    }
    if (this.#changedRows.size === 0) return
    const changed = [...this.#changedRows].filter((id) => id !== '')
    this.#changedRows.clear()
    this.#emitter.emit('conversations-change', { conversations: this.#list.list(), changed })
    if (this.#caughtUp) this.#fetchMissingConversations()
  }

  /** Fetches the details of conversations known only from sync or events. */
  #fetchMissingConversations(): void {
    for (const row of this.#list.list()) {
      if (row.conversation || this.#fetching.has(row.id)) continue
      this.#fetching.add(row.id)
      this.#request('conversation.get', { conversationId: row.id })
        .then((conversation) => this.#applyConversation(conversation))
        .catch(() => {
          // Not fatal: the row stays without details and is retried after the next change.
        })
        .finally(() => this.#fetching.delete(row.id))
    }
  }

  /** A background store write; `close()` waits for it. */
  #persist(batch: StoreWrite): void {
    const write = this.#store
      .write(batch)
      .catch((error: unknown) => this.#report(error))
      .finally(() => this.#writes.delete(write))
    this.#writes.add(write)
  }

  /**
   * Rows with messages but no known last message (a fresh client only delivers unread ones):
   * read the newest page so the list can show a preview. Nothing is emitted as `message`.
   */
  #fetchPreviews(): void {
    for (const row of this.#list.list()) {
      if (row.lastMessage || row.lastSeq === 0 || this.#fetching.has(`preview:${row.id}`)) continue
      this.#fetching.add(`preview:${row.id}`)
      this.history(row.id, { beforeSeq: row.lastSeq + 1, limit: 20 })
        .then((page) => {
          const last = page.messages.at(-1)
          if (last && this.#list.applyPreview(last)) this.#rowsChanged([row.id], true)
        })
        .catch(() => {
          // Not fatal: the row shows no preview until its next message.
        })
        .finally(() => this.#fetching.delete(`preview:${row.id}`))
    }
  }

  #report(error: unknown): void {
    this.#emitter.emit('error', toWarblerError(error))
  }
}

function toWarblerError(error: unknown): WarblerError {
  if (WarblerError.isInstance(error)) return error
  return new WarblerError('internal', error instanceof Error ? error.message : String(error), { cause: error })
}

/** A random client message id (letters, digits and `-`). */
export function newClientMsgId(): string {
  const crypto = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto
  if (crypto?.randomUUID) return crypto.randomUUID()
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`
}
