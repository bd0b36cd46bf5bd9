import {
  WarblerClient,
  newClientMsgId,
  type ConnectionStateChange,
  type ConversationSummary,
  type Message,
  type MessageBody,
  type WarblerError,
} from '@warbler/sdk'
import type { Presence, SearchHit } from '@warbler/protocol'
import { uploadFile, type FileAccess } from './file-upload.js'

/** A message the user sent that the server has not stored yet (or refused). */
export interface PendingMessage {
  clientMsgId: string
  conversationId: string
  body: MessageBody
  createdAt: number
  state: 'uploading' | 'sending' | 'sent' | 'failed'
  seq?: number
  /** The message this one replies to. */
  replyToSeq?: number
  error?: string
  /** For files: the file itself (kept for a retry) and the upload progress from 0 to 1. */
  upload?: { file: File; progress: number }
}

/** Everything the chat screens render. Replaced (never mutated) on each change. */
export interface ChatState {
  userId: string | undefined
  connection: ConnectionStateChange
  conversations: ConversationSummary[]
  /** Loaded messages per conversation, ascending by seq. */
  messages: Record<string, Message[]>
  /** Whether older history exists, per conversation (undefined: not loaded yet). */
  hasMore: Record<string, boolean | undefined>
  loadingOlder: Record<string, boolean>
  /** Text of bot replies still streaming, by `conversationId:seq`. */
  streaming: Record<string, string>
  pending: PendingMessage[]
  /** Display names known for user ids (the demo picker fills them). */
  names: Record<string, string>
  /** The error that stopped the client for good (bad token, banned user), if any. */
  fatal: WarblerError | undefined
  /** App and token for file uploads and downloads, once connected. */
  fileAccess: FileAccess | undefined
  /** Who is typing now, per conversation (never the user). */
  typing: Record<string, string[]>
  /** Read positions of the other members, per conversation then user. */
  reads: Record<string, Record<string, number>>
  /** Presence of watched users. */
  presence: Record<string, Presence>
}

/** How long a `typing: active` lasts when no `active: false` follows (ms). */
const TYPING_EXPIRY_MS = 7000

const PAGE_SIZE = 30

function mergeMessages(existing: readonly Message[], incoming: readonly Message[]): Message[] {
  const bySeq = new Map<number, Message>()
  for (const message of existing) bySeq.set(message.seq, message)
  for (const message of incoming) bySeq.set(message.seq, message)
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq)
}

/**
 * The chat app's state over one {@link WarblerClient}: conversation list, loaded history, streaming
 * bot text, and the user's pending sends. Screens subscribe and read {@link ChatStore.state}.
 */
export class ChatStore {
  readonly client: WarblerClient
  state: ChatState
  readonly #listeners = new Set<() => void>()
  readonly #fetchedConversations = new Set<string>()
  #activeConversationId: string | undefined

  constructor(options: { url: string; token: string; names?: Record<string, string> }) {
    this.client = new WarblerClient({ url: options.url, token: options.token })
    this.state = {
      userId: undefined,
      connection: { state: 'connecting', willReconnect: true, attempt: 0 },
      conversations: [],
      messages: {},
      hasMore: {},
      loadingOlder: {},
      streaming: {},
      pending: [],
      names: options.names ?? {},
      fatal: undefined,
      fileAccess: undefined,
      typing: {},
      reads: {},
      presence: {},
    }
    this.#token = options.token
  }

  readonly #token: string

  /** Subscribes to changes (for `useSyncExternalStore`). */
  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /** The current state (for `useSyncExternalStore`). */
  snapshot = (): ChatState => this.state

  #set(patch: Partial<ChatState>): void {
    this.state = { ...this.state, ...patch }
    for (const listener of this.#listeners) listener()
  }

  /** Wires the client's events and connects. */
  async start(): Promise<void> {
    const client = this.client
    client.on('connection-state-change', (change) => {
      const fatal = change.state === 'disconnected' && !change.willReconnect && change.error ? change.error : this.state.fatal
      this.#set({ connection: change, userId: client.userId ?? this.state.userId, fatal })
    })
    client.on('conversations-change', ({ conversations }) => {
      this.#set({ conversations })
      for (const row of conversations) void this.#fetchConversation(row)
    })
    client.on('message', (message) => this.#receive([message]))
    // Member and system notices (a group change, a hand-off to a person) show live in the conversation too.
    client.on('notice', (notice) => this.#receive([notice]))
    client.on('message-update', (message) => {
      const key = `${message.conversationId}:${message.seq}`
      const streaming = { ...this.state.streaming }
      if (message.status === 'final') delete streaming[key]
      this.#set({ streaming })
      this.#receive([message])
    })
    client.on('message-delta', (delta) => {
      const key = `${delta.conversationId}:${delta.seq}`
      const before = this.state.streaming[key] ?? ''
      this.#set({ streaming: { ...this.state.streaming, [key]: before.slice(0, delta.offset) + delta.text } })
    })
    client.on('typing', ({ conversationId, userId, active }) => this.#setTyping(conversationId, userId, active))
    client.on('receipt', ({ conversationId, userId, readSeq }) => {
      if (readSeq !== undefined && userId !== this.client.userId) this.#setRead(conversationId, { [userId]: readSeq })
    })
    client.on('presence', (presence) => this.#set({ presence: { ...this.state.presence, [presence.userId]: presence } }))
    client.on('send-failed', (failure) => this.#updatePending(failure.clientMsgId, { state: 'failed', error: failure.error.code }))
    await client.connect()
    const appId = client.welcome?.appId
    this.#set({ userId: client.userId, conversations: client.conversations(), fileAccess: appId ? { appId, token: this.#token } : undefined })
    for (const row of client.conversations()) void this.#fetchConversation(row)
  }

  async #fetchConversation(row: ConversationSummary): Promise<void> {
    if (row.conversation || this.#fetchedConversations.has(row.id)) return
    this.#fetchedConversations.add(row.id)
    await this.client.getConversation(row.id).catch(() => this.#fetchedConversations.delete(row.id))
  }

  readonly #typingTimers = new Map<string, ReturnType<typeof setTimeout>>()

  #setTyping(conversationId: string, userId: string, active: boolean): void {
    if (userId === this.client.userId) return
    const key = `${conversationId}:${userId}`
    clearTimeout(this.#typingTimers.get(key))
    this.#typingTimers.delete(key)
    const others = (this.state.typing[conversationId] ?? []).filter((id) => id !== userId)
    if (active) {
      others.push(userId)
      this.#typingTimers.set(key, setTimeout(() => this.#setTyping(conversationId, userId, false), TYPING_EXPIRY_MS))
    } else if (others.length === (this.state.typing[conversationId] ?? []).length) {
      return
    }
    this.#set({ typing: { ...this.state.typing, [conversationId]: others } })
  }

  #setRead(conversationId: string, positions: Record<string, number>): void {
    const current = { ...this.state.reads[conversationId] }
    let changed = false
    for (const [userId, seq] of Object.entries(positions)) {
      if ((current[userId] ?? 0) < seq) {
        current[userId] = seq
        changed = true
      }
    }
    if (changed) this.#set({ reads: { ...this.state.reads, [conversationId]: current } })
  }

  #receive(incoming: readonly Message[]): void {
    if (incoming.length === 0) return
    for (const message of incoming) if (message.kind === 'message' && message.status === 'final') this.#setTyping(message.conversationId, message.senderId, false)
    const messages = { ...this.state.messages }
    for (const message of incoming) {
      const current = messages[message.conversationId]
      // Only conversations whose history is loaded keep live messages; others load when opened.
      if (current !== undefined || message.conversationId === this.#activeConversationId) {
        messages[message.conversationId] = mergeMessages(current ?? [], [message])
      }
    }
    const arrived = new Set(incoming.map((message) => message.clientMsgId).filter(Boolean))
    const pending = this.state.pending.filter((entry) => !arrived.has(entry.clientMsgId))
    this.#set({ messages, pending })
    const active = this.#activeConversationId
    if (active && incoming.some((message) => message.conversationId === active)) this.#markRead(active)
  }

  #markRead(conversationId: string): void {
    const row = this.state.conversations.find((entry) => entry.id === conversationId)
    const lastSeq = Math.max(row?.lastSeq ?? 0, this.state.messages[conversationId]?.at(-1)?.seq ?? 0)
    if (lastSeq > 0 && (row === undefined || row.readSeq < lastSeq)) void this.client.markRead(conversationId, lastSeq).catch(() => undefined)
  }

  /** Makes a conversation the open one: loads its latest page once and marks it read. */
  async open(conversationId: string | undefined): Promise<void> {
    this.#activeConversationId = conversationId
    if (!conversationId) return
    if (this.state.hasMore[conversationId] === undefined) {
      const page = await this.client.history(conversationId, { limit: PAGE_SIZE, beforeSeq: Number.MAX_SAFE_INTEGER })
      this.#set({
        messages: { ...this.state.messages, [conversationId]: mergeMessages(this.state.messages[conversationId] ?? [], page.messages) },
        hasMore: { ...this.state.hasMore, [conversationId]: page.hasMore },
      })
    }
    this.#markRead(conversationId)
    void this.#loadReads(conversationId)
  }

  /** Asks who has read the user's latest message (live `receipt` events keep it current after). */
  async #loadReads(conversationId: string): Promise<void> {
    const me = this.client.userId
    const mine = this.state.messages[conversationId]?.filter((message) => message.senderId === me && message.kind === 'message').at(-1)
    if (!mine) return
    const receipts = await this.client.messages.receipts(conversationId, mine.seq).catch(() => undefined)
    if (!receipts?.readers) return
    this.#setRead(conversationId, Object.fromEntries(receipts.readers.filter((id) => id !== me).map((id) => [id, mine.seq])))
  }

  /** Loads the page before the oldest loaded message (infinite scroll back). */
  async loadOlder(conversationId: string): Promise<void> {
    if (this.state.loadingOlder[conversationId] || !this.state.hasMore[conversationId]) return
    const oldest = this.state.messages[conversationId]?.[0]?.seq
    if (oldest === undefined || oldest <= 1) {
      this.#set({ hasMore: { ...this.state.hasMore, [conversationId]: false } })
      return
    }
    this.#set({ loadingOlder: { ...this.state.loadingOlder, [conversationId]: true } })
    try {
      const page = await this.client.history(conversationId, { beforeSeq: oldest, limit: PAGE_SIZE })
      this.#set({
        messages: { ...this.state.messages, [conversationId]: mergeMessages(this.state.messages[conversationId] ?? [], page.messages) },
        hasMore: { ...this.state.hasMore, [conversationId]: page.hasMore },
      })
    } finally {
      this.#set({ loadingOlder: { ...this.state.loadingOlder, [conversationId]: false } })
    }
  }

  /** Opens (creating on first use) the direct conversation with a user; returns its id. */
  async openDirect(peerId: string): Promise<string> {
    const conversation = await this.client.openDirect(peerId)
    return conversation.id
  }

  /** Sends a message; it shows at once as pending, and as failed (with retry) if it cannot be sent. */
  send(conversationId: string, body: MessageBody, options: { replyToSeq?: number } = {}): void {
    const entry: PendingMessage = {
      clientMsgId: newClientMsgId(),
      conversationId,
      body,
      createdAt: Date.now(),
      state: 'sending',
      ...(options.replyToSeq === undefined ? {} : { replyToSeq: options.replyToSeq }),
    }
    this.#set({ pending: [...this.state.pending, entry] })
    this.#deliver(entry)
  }

  /** Uploads a file (showing its progress), then sends it as an image or file message. */
  sendFile(conversationId: string, file: File): void {
    const entry: PendingMessage = {
      clientMsgId: newClientMsgId(),
      conversationId,
      body: { type: 'file', name: file.name || 'file', size: file.size },
      createdAt: Date.now(),
      state: 'uploading',
      upload: { file, progress: 0 },
    }
    this.#set({ pending: [...this.state.pending, entry] })
    // Files picked together upload at once but are sent in the order they were picked.
    const previous = this.#lastUpload
    this.#lastUpload = this.#upload(entry, previous).catch(() => undefined)
  }

  /** The latest upload's whole run (upload and hand-over to send), which the next file waits for before sending. */
  #lastUpload: Promise<unknown> = Promise.resolve()

  async #upload(entry: PendingMessage, sendAfter: Promise<unknown> = Promise.resolve()): Promise<void> {
    const access = this.state.fileAccess
    const file = entry.upload?.file
    if (!file) return
    if (!access) {
      this.#updatePending(entry.clientMsgId, { state: 'failed', error: 'not_connected' })
      return
    }
    try {
      const uploaded = await uploadFile(access, entry.conversationId, file, (progress) => this.#updatePending(entry.clientMsgId, { upload: { file, progress } }))
      const body: MessageBody = uploaded.mime.startsWith('image/') && uploaded.width
        ? { type: 'image', fileId: uploaded.id, name: uploaded.name, mime: uploaded.mime, size: uploaded.size, width: uploaded.width, ...(uploaded.height ? { height: uploaded.height } : {}) }
        : { type: 'file', fileId: uploaded.id, name: uploaded.name, mime: uploaded.mime, size: uploaded.size }
      await sendAfter
      this.#updatePending(entry.clientMsgId, { body, state: 'sending', upload: { file, progress: 1 } })
      this.#deliver({ ...entry, body })
    } catch (error) {
      this.#updatePending(entry.clientMsgId, { state: 'failed', error: (error as Error).message })
    }
  }

  /** Sends a failed message again, with the same client id (the server stores it at most once). */
  retry(clientMsgId: string): void {
    const entry = this.state.pending.find((item) => item.clientMsgId === clientMsgId)
    if (!entry) return
    const needsUpload = entry.upload !== undefined && !('fileId' in entry.body && entry.body.fileId)
    this.#updatePending(clientMsgId, { state: needsUpload ? 'uploading' : 'sending' })
    if (needsUpload) void this.#upload(entry)
    else this.#deliver(entry)
  }

  /** Drops a failed message. */
  discard(clientMsgId: string): void {
    this.#set({ pending: this.state.pending.filter((item) => item.clientMsgId !== clientMsgId) })
  }

  #deliver(entry: PendingMessage): void {
    const reply = entry.replyToSeq === undefined ? {} : { replyToSeq: entry.replyToSeq }
    this.client.send(entry.conversationId, entry.body, { clientMsgId: entry.clientMsgId, ...reply }).then(
      (result) => {
        const stored = this.state.messages[entry.conversationId]?.some((message) => message.seq === result.seq)
        if (stored) this.discard(entry.clientMsgId)
        else this.#updatePending(entry.clientMsgId, { state: 'sent', seq: result.seq })
      },
      (error: WarblerError) => this.#updatePending(entry.clientMsgId, { state: 'failed', error: error.code }),
    )
  }

  #updatePending(clientMsgId: string, patch: Partial<PendingMessage>): void {
    this.#set({ pending: this.state.pending.map((item) => (item.clientMsgId === clientMsgId ? { ...item, ...patch } : item)) })
  }

  /** Replaces the text of one of the user's messages. */
  async edit(conversationId: string, seq: number, text: string): Promise<void> {
    await this.client.messages.edit(conversationId, seq, { type: 'text', text })
  }

  /** Recalls one of the user's messages. */
  async recall(conversationId: string, seq: number): Promise<void> {
    await this.client.messages.recall(conversationId, seq)
  }

  /** Adds the user's reaction, or takes it back when it is there. */
  async toggleReaction(conversationId: string, seq: number, emoji: string): Promise<void> {
    const message = this.state.messages[conversationId]?.find((entry) => entry.seq === seq)
    const me = this.client.userId
    if (me && message?.reactions?.[emoji]?.includes(me)) await this.client.messages.unreact(conversationId, seq, emoji)
    else await this.client.messages.react(conversationId, seq, emoji)
  }

  /** Hides a message for the user (on all their devices). */
  async deleteForMe(conversationId: string, seq: number): Promise<void> {
    await this.client.messages.deleteForMe(conversationId, seq)
    const list = this.state.messages[conversationId]
    if (list) this.#set({ messages: { ...this.state.messages, [conversationId]: list.map((entry) => (entry.seq === seq ? { ...entry, hidden: true } : entry)) } })
  }

  /** The user is typing in a conversation (throttled by the SDK; stops on its own). */
  typing(conversationId: string): void {
    this.client.typing.start(conversationId)
  }

  /** The user cleared the composer. */
  stopTyping(conversationId: string): void {
    this.client.typing.stop(conversationId)
  }

  /** Follows one user's presence (the peer of the open direct chat); replaces the previous one. */
  async watchPresence(userId: string | undefined): Promise<void> {
    await this.client.presence.subscribe(userId ? [userId] : []).catch(() => undefined)
    if (!userId) return
    const [now] = await this.client.presence.query([userId]).catch(() => [])
    if (now) this.#set({ presence: { ...this.state.presence, [now.userId]: now } })
  }

  /** Full-text search over the user's messages. */
  search(query: string): Promise<SearchHit[]> {
    return this.client.messages.search(query, { limit: 20 })
  }

  /** Keeps display names learned elsewhere (the people directory); screens re-render only when one changed. */
  rememberNames(names: Record<string, string>): void {
    if (Object.entries(names).every(([id, name]) => this.state.names[id] === name)) return
    this.#set({ names: { ...this.state.names, ...names } })
  }

  /** The name to show for a user id. */
  nameOf(userId: string): string {
    return this.state.names[userId] ?? userId
  }

  /** Closes the connection. */
  async close(): Promise<void> {
    for (const timer of this.#typingTimers.values()) clearTimeout(timer)
    await this.client.close()
  }
}
