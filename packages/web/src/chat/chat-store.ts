import {
  WarblerClient,
  newClientMsgId,
  type ConnectionStateChange,
  type ConversationSummary,
  type MessageBody,
  type WarblerError,
} from '@warbler/sdk'
import { storesOf, type ClientStores, type PendingMessage as FeedPending } from '@warbler/react'
import type { SearchHit } from '@warbler/protocol'
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

/**
 * What the chat screens render besides what `@warbler/react` keeps (messages, typing, presence:
 * the hooks). Replaced (never mutated) on each change.
 */
export interface ChatState {
  userId: string | undefined
  connection: ConnectionStateChange
  conversations: ConversationSummary[]
  /** Files being uploaded (or whose upload failed); once uploaded they are sent and show in the messages' `pending`. */
  pending: PendingMessage[]
  /** Display names known for user ids (the demo picker fills them). */
  names: Record<string, string>
  /** The error that stopped the client for good (bad token, banned user), if any. */
  fatal: WarblerError | undefined
  /** App and token for file uploads and downloads, once connected. */
  fileAccess: FileAccess | undefined
  /** Read positions of the other members, per conversation then user. */
  reads: Record<string, Record<string, number>>
}

/** Messages per history page. */
export const PAGE_SIZE = 30

/** A pending send of `@warbler/react` as the chat's pending bubbles show it (the error as its code). */
export function asPending(entry: FeedPending): PendingMessage {
  const { error, ext: _ext, ...rest } = entry
  return { ...rest, ...(error ? { error: error.code } : {}) }
}

/**
 * The chat app's state over one {@link WarblerClient}, built on `@warbler/react`: the conversation
 * list, the connection and every conversation's messages (paging, optimistic sends, streamed bot
 * text) come from its stores (the same ones the hooks read); this adds what only the chat app has:
 * file uploads, names, read positions of others, message actions and search.
 */
export class ChatStore {
  readonly client: WarblerClient
  /** The `@warbler/react` stores of the client (the hooks below a `WarblerProvider` read the same). */
  readonly stores: ClientStores
  state: ChatState
  readonly #listeners = new Set<() => void>()

  constructor(options: { url: string; token: string; names?: Record<string, string> }) {
    this.client = new WarblerClient({ url: options.url, token: options.token })
    this.stores = storesOf(this.client)
    const connection = this.stores.connection.getSnapshot()
    this.state = {
      userId: undefined,
      connection: { state: 'connecting', willReconnect: true, attempt: 0 },
      conversations: this.stores.conversations.getSnapshot().conversations,
      pending: [],
      names: options.names ?? {},
      fatal: connection.fatal,
      fileAccess: undefined,
      reads: {},
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

  /** Follows the stores and connects. */
  async start(): Promise<void> {
    const client = this.client
    this.stores.connection.subscribe(() => {
      const { userId, fatal, ...change } = this.stores.connection.getSnapshot()
      this.#set({ connection: change, userId: userId ?? this.state.userId, fatal })
    })
    this.stores.conversations.subscribe(() => this.#set({ conversations: this.stores.conversations.getSnapshot().conversations }))
    client.on('receipt', ({ conversationId, userId, readSeq }) => {
      if (readSeq !== undefined && userId !== this.client.userId) this.#setRead(conversationId, { [userId]: readSeq })
    })
    await client.connect()
    const appId = client.welcome?.appId
    this.#set({ userId: client.userId, conversations: this.stores.conversations.getSnapshot().conversations, fileAccess: appId ? { appId, token: this.#token } : undefined })
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

  /** Makes a conversation the open one: loads its latest page once and marks it read. */
  async open(conversationId: string | undefined): Promise<void> {
    if (!conversationId) return
    const feed = this.#feed(conversationId)
    await feed.load()
    feed.markRead()
    void this.#loadReads(conversationId)
  }

  /** Asks who has read the user's latest message (live `receipt` events keep it current after). */
  async #loadReads(conversationId: string): Promise<void> {
    const me = this.client.userId
    const mine = this.#feed(conversationId).getSnapshot().messages.filter((message) => message.senderId === me && message.kind === 'message').at(-1)
    if (!mine) return
    const receipts = await this.client.messages.receipts(conversationId, mine.seq).catch(() => undefined)
    if (!receipts?.readers) return
    this.#setRead(conversationId, Object.fromEntries(receipts.readers.filter((id) => id !== me).map((id) => [id, mine.seq])))
  }

  /** Loads the page before the oldest loaded message (infinite scroll back). */
  async loadOlder(conversationId: string): Promise<void> {
    await this.#feed(conversationId).loadOlder()
  }

  /** Opens (creating on first use) the direct conversation with a user; returns its id. */
  async openDirect(peerId: string): Promise<string> {
    const conversation = await this.client.openDirect(peerId)
    return conversation.id
  }

  /** Sends a message; it shows at once as pending, and as failed (with retry) if it cannot be sent. */
  send(conversationId: string, body: MessageBody, options: { replyToSeq?: number } = {}): void {
    this.#feed(conversationId).send(body, options)
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
      // Uploaded: from here it is an ordinary optimistic send, with the same client id.
      this.#set({ pending: this.state.pending.filter((item) => item.clientMsgId !== entry.clientMsgId) })
      this.#feed(entry.conversationId).send(body, { clientMsgId: entry.clientMsgId })
    } catch (error) {
      this.#updatePending(entry.clientMsgId, { state: 'failed', error: (error as Error).message })
    }
  }

  /** Sends a failed message again, with the same client id (the server stores it at most once). */
  retry(clientMsgId: string): void {
    const entry = this.state.pending.find((item) => item.clientMsgId === clientMsgId)
    if (!entry) {
      for (const feed of this.#feedsWith(clientMsgId)) feed.retry(clientMsgId)
      return
    }
    this.#updatePending(clientMsgId, { state: 'uploading' })
    void this.#upload(entry)
  }

  /** Drops a failed message. */
  discard(clientMsgId: string): void {
    this.#set({ pending: this.state.pending.filter((item) => item.clientMsgId !== clientMsgId) })
    for (const feed of this.#feedsWith(clientMsgId)) feed.discard(clientMsgId)
  }

  /** The timelines holding a pending send (the open conversation's, in practice). */
  #feedsWith(clientMsgId: string) {
    return [...this.#feeds].map((id) => this.#feed(id)).filter((feed) => feed.getSnapshot().pending.some((item) => item.clientMsgId === clientMsgId))
  }

  readonly #feeds = new Set<string>()

  /** A conversation's timeline in `@warbler/react`'s stores (the one `useMessages` shows). */
  #feed(conversationId: string) {
    this.#feeds.add(conversationId)
    return this.stores.messages(conversationId, PAGE_SIZE)
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
    const message = this.#feed(conversationId).getSnapshot().messages.find((entry) => entry.seq === seq)
    const me = this.client.userId
    if (me && message?.reactions?.[emoji]?.includes(me)) await this.client.messages.unreact(conversationId, seq, emoji)
    else await this.client.messages.react(conversationId, seq, emoji)
  }

  /** Hides a message for the user (on all their devices). */
  async deleteForMe(conversationId: string, seq: number): Promise<void> {
    await this.client.messages.deleteForMe(conversationId, seq)
    this.#feed(conversationId).hide(seq)
  }

  /** The user is typing in a conversation (throttled by the SDK; stops on its own). */
  typing(conversationId: string): void {
    this.client.typing.start(conversationId)
  }

  /** The user cleared the composer. */
  stopTyping(conversationId: string): void {
    this.client.typing.stop(conversationId)
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
    this.stores.typing.dispose()
    await this.client.close()
  }
}
