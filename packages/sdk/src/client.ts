import {
  WarblerError,
  type Conversation,
  type ConversationListItem,
  type ServerFrame,
  type WelcomeFrame,
} from '@warbler/protocol'
import { CLIENT_DEFAULTS, type WarblerClientOptions } from './client-options.js'
import { ConnectionManager, toWarblerError } from './connection-manager.js'
import { ConversationFeed } from './conversation-feed.js'
import { ConversationList } from './conversation-list.js'
import { inBackground, observed } from './background.js'
import { Delivery } from './delivery.js'
import { TypedEmitter, type Listener } from './event-emitter.js'
import { isEntryEvent, messageFromEvent } from './message-reducer.js'
import { OrderingBuffer } from './ordering-buffer.js'
import { Outbox } from './outbox.js'
import type { LocalStore, StoredMessagesQuery, StoreOwner, StoreWrite } from './stores/local-store.js'
import { MemoryStore } from './stores/memory-store.js'
import { CLOSING_CODES } from './stop-codes.js'
import { Synchronizer } from './sync.js'
import type { ConnectionState, ConversationSummary, Message, OutboxEntry, SendResult, WarblerClientEvents } from './types.js'
import { checkSend } from './validate.js'
import type { MessageBody, MessageExt } from './custom-data.js'
import type { FeatureContext } from './features/feature-context.js'
import { Blocks, Friends } from './features/friends.js'
import { Groups } from './features/groups.js'
import { MessageActions } from './features/messages.js'
import { Devices, PresenceFeature } from './features/presence.js'
import { Typing } from './features/typing.js'
import { Push } from './features/push.js'
import { rateAnswers, readOwnFeedback } from './features/feedback.js'
import { ToolsFeature } from './features/tools.js'
import { SupportFeature } from './features/support.js'
import { HistoryReader, type HistoryOptions, type MessagePage } from './history-reader.js'
import { LiveFrames } from './live-frames.js'
import { ConversationHandle } from './conversation-handle.js'

/** Options of one `send()`. */
export interface SendOptions {
  /** Makes the send idempotent: the same id again gives the same seq and stores nothing new. Default: a random id. */
  clientMsgId?: string
  ext?: MessageExt
  /** Deadline for this message (ms); `null` never gives up. Default: the client's `sendTimeoutMs`. */
  timeoutMs?: number | null
  /** Quote/reply to this message of the same conversation. */
  replyToSeq?: number
}

/** A page of the server's conversation list. */
export interface ConversationListPage {
  items: ConversationListItem[]
  hasMore: boolean
}


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
  readonly #emitter = new TypedEmitter<WarblerClientEvents>((error, name) => this.#listenerFailed(error, name))
  readonly #buffer = new OrderingBuffer()
  readonly #list = new ConversationList()
  readonly #manager: ConnectionManager
  readonly #outbox: Outbox
  readonly #sync: Synchronizer
  readonly #delivery: Delivery
  readonly #feed: ConversationFeed
  #syncTimer: ReturnType<typeof setInterval> | undefined
  readonly #store: LocalStore
  readonly #ownsStore: boolean
  readonly #live: LiveFrames
  readonly #historyReader: HistoryReader

  /** Edit, recall, react, delete for me, forward, search, receipts, delivered. */
  readonly messages: MessageActions
  /** Create and manage groups, members and join requests. */
  readonly groups: Groups
  /** Friend requests, friends and remarks. */
  readonly friends: Friends
  /** Blocked users. */
  readonly blocks: Blocks
  /** Presence of friends and peers. */
  readonly presence: PresenceFeature
  /** The user's connected devices. */
  readonly devices: Devices
  /** Typing indicators (with auto-stop). */
  readonly typing: Typing
  /** Push notifications to this user's devices while they are offline. */
  readonly push: Push
  /** Customer service: agents work their queue (take, assign, note, snooze, resolve, availability); customers rate (CSAT). */
  readonly support: SupportFeature
  /** Rates a bot's answer 👍/👎 as this user: `client.feedback(conversationId, seq, { rating: 'down', reason: 'outdated' })`. */
  readonly feedback = rateAnswers(() => ({ url: this.#options.url, appId: this.#manager.welcome?.appId ?? this.#owner?.appId, token: async () => this.#options.token ?? (await this.#options.getToken!()) }))
  /** This user's own current 👍/👎 in a conversation (newest per message), for every device: `client.myFeedback(conversationId)` → `{ items, next }`. */
  readonly myFeedback = readOwnFeedback(() => ({ url: this.#options.url, appId: this.#manager.welcome?.appId ?? this.#owner?.appId, token: async () => this.#options.token ?? (await this.#options.getToken!()) }))
  /** Answers a bot's `tool.confirm` questions as this user: `client.tools.decide(toolCallId, { approve: true, arguments })`. */
  readonly tools = new ToolsFeature(() => ({ url: this.#options.url, appId: this.#manager.welcome?.appId ?? this.#owner?.appId, userId: this.userId, token: this.#options.token, getToken: this.#options.getToken }))

  #owner: StoreOwner | undefined
  #closed = false
  #caughtUp = false
  #loading: Promise<void> | undefined
  #connectWaiters: Waiter[] = []
  readonly #writes = new Set<Promise<void>>()

  constructor(options: WarblerClientOptions) {
    if (!options.token && !options.getToken) throw new WarblerError('bad_request', 'Give `token` or `getToken`.')
    this.#options = options
    this.#store = options.store ?? new MemoryStore()
    this.#ownsStore = options.store === undefined
    this.#manager = new ConnectionManager(options, {
      emitter: this.#emitter,
      onFrame: (frame) => this.#onFrame(frame),
      onOpen: (welcome) => this.#onOpen(welcome),
      onConnected: (isCurrent) => this.#onConnected(isCurrent),
      onLost: () => this.#onLost(),
      onStop: (error) => this.#rejectWaiters(error),
    })
    this.#feed = new ConversationFeed({
      list: this.#list,
      emitter: this.#emitter,
      persist: (batch) => this.#persist(batch),
      getConversation: (conversationId) => this.#manager.request('conversation.get', { conversationId }),
      latestMessages: async (conversationId, lastSeq) =>
        (await this.history(conversationId, { beforeSeq: lastSeq + 1, limit: 20 })).messages,
      onConversation: (conversation) => this.#buffer.noteLastSeq(conversation.id, conversation.lastSeq),
    })
    this.#delivery = new Delivery({
      store: () => this.#store,
      list: this.#list,
      emitter: this.#emitter,
      onRowsChanged: (ids) => this.#feed.changed(ids, false),
    })
    this.#outbox = new Outbox({
      transmit: (entry) => this.#transmit(entry),
      persist: ({ put, delete: remove }) => this.#persist({ outboxPut: put ?? [], outboxDelete: remove ?? [] }),
      onResult: (result) => this.#emitter.emit('send-result', result),
      onFailure: (failure) => this.#emitter.emit('send-failed', failure),
      onRateLimited: (notice) => this.#emitter.emit('rate-limited', notice),
      ackTimeoutMs: options.ackTimeoutMs ?? CLIENT_DEFAULTS.ackTimeoutMs,
    })
    this.#sync = new Synchronizer({
      buffer: this.#buffer,
      sync: (cursors) => this.#manager.requestNow('sync', cursors ? { cursors } : {}),
      history: (conversationId, afterSeq, limit) => this.#manager.requestNow('history', { conversationId, afterSeq, limit }),
      deliver: (events) => this.#delivery.deliver(events),
      onCursors: (cursors) => {
        const changed: string[] = []
        for (const cursor of cursors) if (this.#list.applyCursor(cursor)) changed.push(cursor.conversationId)
        this.#feed.changed(changed, true)
      },
      onError: (error) => {
        // A pull cut by a drop is redone by the next catch-up: nothing for the app to act on.
        if (error.code !== 'connection_closed' && error.code !== 'client_closed') this.#report(error)
      },
      pageSize: options.historyPageSize ?? CLIENT_DEFAULTS.historyPageSize,
    })
    this.#historyReader = new HistoryReader({
      request: (conversationId, options) => this.#manager.request('history', { conversationId, ...options }),
      store: () => this.#store,
      cursor: (conversationId) => this.#buffer.cursor(conversationId),
      persist: (batch) => this.#persist(batch),
    })
    this.#live = new LiveFrames({
      emitter: this.#emitter,
      list: this.#list,
      store: () => this.#store,
      userId: () => this.userId,
      rowsChanged: (ids) => this.#feed.changed(ids, true),
      persist: (batch) => this.#persist(batch),
      onError: (error) => this.#report(error),
    })
    const context: FeatureContext = {
      request: (type, frame) => {
        this.#assertOpen()
        return this.#manager.request(type, frame)
      },
      send: (frame) => this.#manager.send(frame),
      applyConversation: (conversation) => this.#feed.applyConversation(conversation),
    }
    this.messages = new MessageActions(context)
    this.groups = new Groups(context)
    this.friends = new Friends(context)
    this.blocks = new Blocks(context)
    this.presence = new PresenceFeature(context)
    this.devices = new Devices(context)
    this.typing = new Typing(context)
    this.support = new SupportFeature(context, () => this.userId)
    this.push = new Push(context, { url: options.url, ...(options.deviceId ? { deviceId: options.deviceId } : {}), appId: () => this.#manager.welcome?.appId ?? this.#owner?.appId })
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
    return this.#manager.state
  }

  /** The signed-in user's id, once connected (or from the store). */
  get userId(): string | undefined {
    return this.#manager.welcome?.userId ?? this.#owner?.userId
  }

  /** The server's welcome of the current connection. */
  get welcome(): WelcomeFrame | undefined {
    return this.#manager.welcome
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

  /** One row of the conversation list (also `client.conversation(id).summary`). */
  conversationSummary(conversationId: string): ConversationSummary | undefined {
    return this.#list.get(conversationId)
  }

  /**
   * One conversation as an object with `send`, `history`, `markRead`, `members`, `typing` and
   * `on` scoped to it. The same id gives the same object.
   *
   * @example
   * ```ts
   * const chat = client.conversation(id)
   * chat.on('message', (m) => console.log(m.body))
   * await chat.send({ type: 'text', text: 'hi' })
   * const newest = await chat.history({ limit: 30 })
   * ```
   */
  conversation(conversationId: string): ConversationHandle {
    let handle = this.#handles.get(conversationId)
    if (!handle) {
      handle = new ConversationHandle(conversationId, this)
      this.#handles.set(conversationId, handle)
    }
    return handle
  }

  readonly #handles = new Map<string, ConversationHandle>()

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
   * delivered. Transient failures (the server unreachable, a dropped connection, a timeout, an
   * expired token with `getToken`) never reject it: the client keeps retrying with backoff and
   * resolves once connected and caught up. It rejects only on an unrecoverable error (a bad or
   * revoked token, an expired one without `getToken`, a banned or unknown user, an unknown app, a
   * kicked session: the codes in `STOP_CODES`) or `close()`. Both are also announced (`error`, `connection-state-change`), so an app that does
   * not keep this promise is never crashed by its rejection.
   */
  connect(): Promise<void> {
    return observed(this.#connect())
  }

  async #connect(): Promise<void> {
    if (this.#closed) throw new WarblerError('client_closed')
    await this.loadLocal()
    if (this.#closed) throw new WarblerError('client_closed')
    if (this.#manager.state === 'connected' && this.#caughtUp) return
    const done = new Promise<void>((resolve, reject) => this.#connectWaiters.push({ resolve, reject }))
    this.#manager.start()
    return done
  }

  /**
   * Closes the connection for good. Waiting sends and requests reject with `client_closed`;
   * messages in a persistent store's outbox are sent by the next client.
   */
  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    this.#stopPeriodicSync()
    const error = new WarblerError('client_closed')
    this.#manager.shutdown(error)
    this.#sync.disconnected()
    this.#outbox.dispose(error)
    this.typing.dispose()
    this.#rejectWaiters(error)
    await this.#delivery.drained()
    this.#feed.flush()
    await Promise.all([...this.#writes])
    if (this.#ownsStore) await this.#store.close()
  }

  // ------------------------------------------------------------------ messaging

  /**
   * Sends a message. Queued while disconnected and retried with the same `clientMsgId` until the
   * server acks it, so it is stored once. Resolves with the ack; rejects with `send_timeout` after
   * the deadline, or with the server's refusal (`not_member`, `text_too_long`, ...). Drops never
   * reject it. Every such outcome is also a `send-result` / `send-failed` event, so a send whose
   * promise the app does not keep never crashes it with an unhandled rejection.
   */
  send(conversationId: string, body: MessageBody, options: SendOptions = {}): Promise<SendResult> {
    return observed(this.#send(conversationId, body, options))
  }

  async #send(conversationId: string, body: MessageBody, options: SendOptions): Promise<SendResult> {
    if (this.#closed) throw new WarblerError('client_closed')
    const clientMsgId = options.clientMsgId ?? newClientMsgId()
    checkSend(body, clientMsgId, this.#manager.welcome?.limits.maxTextLength)
    const timeout = options.timeoutMs === undefined ? (this.#options.sendTimeoutMs ?? CLIENT_DEFAULTS.sendTimeoutMs) : options.timeoutMs
    const now = Date.now()
    const entry: OutboxEntry = {
      clientMsgId,
      conversationId,
      body,
      ...(options.ext ? { ext: options.ext } : {}),
      ...(options.replyToSeq === undefined ? {} : { replyToSeq: options.replyToSeq }),
      createdAt: now,
      deadline: timeout === null || timeout === Number.POSITIVE_INFINITY ? null : now + timeout,
    }
    this.typing.stop(conversationId)
    return this.#outbox.add(entry)
  }

  /** Opens (creating on first use) the direct conversation with `peerId`. */
  async openDirect(peerId: string): Promise<Conversation> {
    this.#assertOpen()
    const conversation = await this.#manager.request('conversation.open-direct', { peerId })
    this.#feed.applyConversation(conversation)
    return conversation
  }

  /** Reads a conversation the user belongs to. */
  async getConversation(conversationId: string): Promise<Conversation> {
    this.#assertOpen()
    const conversation = await this.#manager.request('conversation.get', { conversationId })
    this.#feed.applyConversation(conversation)
    return conversation
  }

  /** A page of a conversation's history from the server: messages as they are now, and the raw events. */
  async history(conversationId: string, options: HistoryOptions = {}): Promise<MessagePage> {
    this.#assertOpen()
    return this.#historyReader.read(conversationId, options)
  }

  /** Marks a conversation read up to `seq` (locally at once, then on the server). */
  async markRead(conversationId: string, seq: number): Promise<void> {
    this.#assertOpen()
    if (this.#list.markRead(conversationId, seq)) this.#feed.changed([conversationId], true)
    const answer = await this.#manager.request('read', { conversationId, seq })
    if (this.#list.markRead(conversationId, answer.readSeq)) this.#feed.changed([conversationId], true)
  }

  /**
   * Reads a page of the server's conversation list (pinned first, then by activity) and merges it
   * into the SDK's list: the server's unread counts, previews, pin, mute and role.
   */
  async fetchConversations(options: { limit?: number; beforeActivityAt?: number } = {}): Promise<ConversationListPage> {
    this.#assertOpen()
    const page = await this.#manager.request('conversation.list', options)
    const changed: string[] = []
    for (const item of page.items) {
      const last = item.lastMessage && isEntryEvent(item.lastMessage) ? messageFromEvent(item.lastMessage) : undefined
      if (this.#list.applyListItem(item, last)) changed.push(item.conversation.id)
      this.#buffer.noteLastSeq(item.conversation.id, item.conversation.lastSeq)
    }
    this.#feed.changed(changed, true)
    return page
  }

  /** Pins or mutes a conversation for this user (all their devices follow). */
  async setConversationSettings(conversationId: string, settings: { pinned?: boolean; muted?: boolean }): Promise<{ pinned: boolean; muted: boolean }> {
    this.#assertOpen()
    const answer = await this.#manager.request('conversation.settings', { conversationId, ...settings })
    if (this.#list.applySettings(conversationId, answer)) this.#feed.changed([conversationId], true)
    return { pinned: answer.pinned, muted: answer.muted }
  }

  // ------------------------------------------------------------------ connection

  /** Authenticated: make sure the store is this user's. */
  async #onOpen(welcome: WelcomeFrame): Promise<void> {
    this.#caughtUp = false
    await this.#adoptOwner({ appId: welcome.appId, userId: welcome.userId })
  }

  /** Connected: send the outbox, catch up, then resolve `connect()`. */
  async #onConnected(isCurrent: () => boolean): Promise<void> {
    this.#outbox.setConnected(true)
    // Presence subscriptions belong to a connection: renew them on each.
    const subscribed = this.presence.subscribed
    // A renewal cut by a drop is made again on the next connection.
    if (subscribed.length > 0) inBackground(() => this.#manager.requestNow('presence.subscribe', { userIds: [...subscribed] }), () => undefined)
    await this.#sync.catchUp()
    await this.#delivery.drained()
    if (!isCurrent()) return
    this.#caughtUp = true
    this.#startPeriodicSync()
    const waiters = this.#connectWaiters
    this.#connectWaiters = []
    for (const waiter of waiters) waiter.resolve()
    this.#feed.setLive(true)
  }

  /** While connected, a light sync every `syncIntervalMs` finds events whose live push was lost. */
  #startPeriodicSync(): void {
    const interval = this.#options.syncIntervalMs ?? CLIENT_DEFAULTS.syncIntervalMs
    if (interval <= 0 || this.#syncTimer) return
    this.#syncTimer = setInterval(() => {
      if (this.#manager.state !== 'connected' || !this.#caughtUp) return
      // A light sync cut by a drop is redone by the catch-up of the next connection.
      inBackground(() => this.#sync.catchUp(), () => undefined)
    }, interval)
    // Never keep a Node process alive just for this.
    ;(this.#syncTimer as { unref?: () => void }).unref?.()
  }

  #stopPeriodicSync(): void {
    if (this.#syncTimer) clearInterval(this.#syncTimer)
    this.#syncTimer = undefined
  }

  #onLost(): void {
    this.#stopPeriodicSync()
    this.#caughtUp = false
    this.#feed.setLive(false)
    this.#outbox.setConnected(false)
    this.#sync.disconnected()
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
      this.#feed.reset()
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
      case 'typing':
      case 'receipt':
      case 'notice':
      case 'presence':
        this.#live.handle(frame)
        break
      case 'error': {
        if (!this.#outbox.handleError(frame) && !CLOSING_CODES.has(frame.code)) {
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
    return this.#manager.send({
      type: 'message.send',
      clientMsgId: entry.clientMsgId,
      conversationId: entry.conversationId,
      body: entry.body,
      ...(entry.ext ? { ext: entry.ext } : {}),
      ...(entry.replyToSeq === undefined ? {} : { replyToSeq: entry.replyToSeq }),
    })
  }

  #assertOpen(): void {
    if (this.#closed) throw new WarblerError('client_closed')
  }

  #rejectWaiters(error: WarblerError): void {
    const waiters = this.#connectWaiters
    this.#connectWaiters = []
    for (const waiter of waiters) waiter.reject(error)
  }

  /** A background store write; `close()` waits for it. */
  #persist(batch: StoreWrite): void {
    const write = this.#store
      .write(batch)
      .catch((error: unknown) => this.#report(error))
      .finally(() => this.#writes.delete(write))
    this.#writes.add(write)
  }

  #report(error: unknown): void {
    this.#emitter.emit('error', toWarblerError(error))
  }

  /**
   * An app listener threw, or its promise rejected (an `async` listener awaiting a request cut by
   * a drop): reported as `error`, never as an unhandled rejection that would end a Node process.
   * A failing `error` listener, or none at all, gets the error printed instead.
   */
  #listenerFailed(error: unknown, name: keyof WarblerClientEvents): void {
    if (name !== 'error' && this.#emitter.listenerCount('error') > 0) this.#emitter.emit('error', toWarblerError(error))
    else console.error(`[warbler] a '${String(name)}' listener failed:`, error)
  }
}

/** A random client message id (letters, digits and `-`). */
export function newClientMsgId(): string {
  const crypto = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto
  if (crypto?.randomUUID) return crypto.randomUUID()
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`
}
