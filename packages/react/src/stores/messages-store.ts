import { newClientMsgId, type Message, type MessageBody, type MessageExt, type WarblerClient, type WarblerError } from '@warbler/sdk'
import { ExternalStore } from './external-store.js'

/** A message the user sent that the server has not stored yet, or refused. */
export interface PendingMessage {
  clientMsgId: string
  conversationId: string
  body: MessageBody
  ext?: MessageExt
  /** The message this one replies to. */
  replyToSeq?: number
  /** When the user sent it (unix ms). */
  createdAt: number
  /** `sending` until the ack, `sent` once stored (until the message itself arrives), `failed` when given up. */
  state: 'sending' | 'sent' | 'failed'
  /** Where it was stored, once `sent`. */
  seq?: number
  /** Why it failed (`send_timeout`, `not_member`, `text_too_long`, ...). */
  error?: WarblerError
}

/** One conversation's messages as a screen shows them. */
export interface MessagesSnapshot {
  conversationId: string
  /** Loaded messages and notices, ascending by seq, edits, recalls and reactions applied. */
  messages: Message[]
  /** The user's sends not in `messages` yet, oldest first (show them after the messages). */
  pending: PendingMessage[]
  /** Text so far of bot replies still streaming, by seq (the message itself has `status: 'streaming'`). */
  streaming: Record<number, string>
  /** Whether older messages exist; undefined until the newest page has loaded. */
  hasMore: boolean | undefined
  /** The newest page is loading. */
  loading: boolean
  /** An older page is loading. */
  loadingOlder: boolean
  /** Why the last page failed to load, if it did (loading again clears it). */
  error: WarblerError | undefined
}

/** Options of {@link MessagesStore.send}. */
export interface PendingSendOptions {
  /** Reuse an id (a retry after an upload, say); default: a new one. */
  clientMsgId?: string
  ext?: MessageExt
  replyToSeq?: number
}

/** Messages on a page (the newest page and each older one). */
export const DEFAULT_PAGE_SIZE = 30

function merge(existing: readonly Message[], incoming: readonly Message[]): Message[] {
  const bySeq = new Map<number, Message>()
  for (const message of existing) bySeq.set(message.seq, message)
  for (const message of incoming) bySeq.set(message.seq, message)
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq)
}

/**
 * One conversation's timeline over a client: the newest page, older pages on demand, live
 * messages and updates, streamed bot text, and optimistic sends that show at once as pending and
 * turn into the stored message (or a failed one with retry).
 */
export class MessagesStore extends ExternalStore<MessagesSnapshot> {
  #loading: Promise<void> | undefined

  constructor(
    private readonly client: WarblerClient,
    readonly conversationId: string,
    private readonly pageSize = DEFAULT_PAGE_SIZE,
  ) {
    super({ conversationId, messages: [], pending: [], streaming: {}, hasMore: undefined, loading: false, loadingOlder: false, error: undefined })
    const here = (payload: { conversationId: string }) => payload.conversationId === conversationId
    client.on('message', (message) => {
      if (here(message)) this.#receive(message)
    })
    client.on('notice', (notice) => {
      if (here(notice)) this.#receive(notice)
    })
    client.on('message-update', (message) => {
      if (here(message)) this.#receive(message, true)
    })
    client.on('message-delta', (delta) => {
      if (!here(delta)) return
      const before = this.getSnapshot().streaming[delta.seq] ?? ''
      this.update({ streaming: { ...this.getSnapshot().streaming, [delta.seq]: before.slice(0, delta.offset) + delta.text } })
    })
    // A send given up after a reload (the outbox's, not this store's promise) shows as failed too.
    client.on('send-failed', (failure) => {
      if (here(failure)) this.#patch(failure.clientMsgId, { state: 'failed', error: failure.error })
    })
  }

  /** Loads the newest page, once (again after a failure); concurrent calls share one request. */
  load(): Promise<void> {
    if (this.getSnapshot().hasMore !== undefined) return Promise.resolve()
    this.#loading ??= (async () => {
      this.update({ loading: true, error: undefined })
      try {
        const page = await this.client.history(this.conversationId, { limit: this.pageSize })
        this.update({ messages: merge(this.getSnapshot().messages, page.messages), hasMore: page.hasMore })
      } catch (error) {
        this.update({ error: error as WarblerError })
        throw error
      } finally {
        this.#loading = undefined
        this.update({ loading: false })
      }
    })()
    return this.#loading
  }

  /** Loads the page before the oldest loaded message (scrolling back). */
  async loadOlder(): Promise<void> {
    const snapshot = this.getSnapshot()
    if (snapshot.loadingOlder || !snapshot.hasMore) return
    const oldest = snapshot.messages[0]?.seq
    if (oldest === undefined || oldest <= 1) {
      this.update({ hasMore: false })
      return
    }
    this.update({ loadingOlder: true, error: undefined })
    try {
      const page = await this.client.history(this.conversationId, { beforeSeq: oldest, limit: this.pageSize })
      this.update({ messages: merge(this.getSnapshot().messages, page.messages), hasMore: page.hasMore })
    } catch (error) {
      this.update({ error: error as WarblerError })
      throw error
    } finally {
      this.update({ loadingOlder: false })
    }
  }

  /** Sends a message: it shows at once as pending, then as the stored message, or as failed. Returns its client id. */
  send(body: MessageBody, options: PendingSendOptions = {}): string {
    const clientMsgId = options.clientMsgId ?? newClientMsgId()
    const entry: PendingMessage = {
      clientMsgId,
      conversationId: this.conversationId,
      body,
      createdAt: Date.now(),
      state: 'sending',
      ...(options.ext ? { ext: options.ext } : {}),
      ...(options.replyToSeq === undefined ? {} : { replyToSeq: options.replyToSeq }),
    }
    this.update({ pending: [...this.getSnapshot().pending.filter((item) => item.clientMsgId !== clientMsgId), entry] })
    this.#deliver(entry)
    return clientMsgId
  }

  /** Sends a failed message again with the same client id (the server stores it at most once). */
  retry(clientMsgId: string): void {
    const entry = this.getSnapshot().pending.find((item) => item.clientMsgId === clientMsgId)
    if (!entry || entry.state !== 'failed') return
    const { error: _error, ...rest } = entry
    this.#replace(clientMsgId, { ...rest, state: 'sending' })
    this.#deliver(entry)
  }

  /** Drops a pending (failed) message from the screen. */
  discard(clientMsgId: string): void {
    this.update({ pending: this.getSnapshot().pending.filter((item) => item.clientMsgId !== clientMsgId) })
  }

  /** Shows a message as hidden (after `client.messages.deleteForMe`) without waiting for the server's notice. */
  hide(seq: number): void {
    const messages = this.getSnapshot().messages
    if (!messages.some((message) => message.seq === seq)) return
    this.update({ messages: messages.map((message) => (message.seq === seq ? { ...message, hidden: true } : message)) })
  }

  /** Marks the conversation read up to its latest loaded message when the user has not read that far. */
  markRead(): void {
    const latest = this.getSnapshot().messages.at(-1)?.seq ?? 0
    const summary = this.client.conversationSummary(this.conversationId)
    const upTo = Math.max(latest, summary?.lastSeq ?? 0)
    if (upTo > 0 && (summary === undefined || summary.readSeq < upTo) && this.client.state === 'connected') {
      this.client.markRead(this.conversationId, upTo).catch(() => undefined)
    }
  }

  #deliver(entry: PendingMessage): void {
    const options = {
      clientMsgId: entry.clientMsgId,
      ...(entry.ext ? { ext: entry.ext } : {}),
      ...(entry.replyToSeq === undefined ? {} : { replyToSeq: entry.replyToSeq }),
    }
    this.client.send(this.conversationId, entry.body, options).then(
      (result) => {
        if (this.getSnapshot().messages.some((message) => message.seq === result.seq)) this.discard(entry.clientMsgId)
        else this.#patch(entry.clientMsgId, { state: 'sent', seq: result.seq })
      },
      (error: WarblerError) => this.#patch(entry.clientMsgId, { state: 'failed', error }),
    )
  }

  /** A new message, or (`update`) an edit, recall, reaction or stream end of one. */
  #receive(message: Message, update = false): void {
    const snapshot = this.getSnapshot()
    // An update of a message older than the loaded pages stays out: it would leave a hole in the timeline.
    const newest = snapshot.messages.at(-1)?.seq ?? 0
    if (update && message.seq < newest && !snapshot.messages.some((entry) => entry.seq === message.seq)) return
    const streaming = { ...snapshot.streaming }
    if (message.status === 'final') delete streaming[message.seq]
    const pending = snapshot.pending.filter((entry) => entry.clientMsgId !== message.clientMsgId && entry.seq !== message.seq)
    this.update({ messages: merge(snapshot.messages, [message]), streaming, pending })
  }

  #patch(clientMsgId: string, patch: Partial<PendingMessage>): void {
    const entry = this.getSnapshot().pending.find((item) => item.clientMsgId === clientMsgId)
    if (entry) this.#replace(clientMsgId, { ...entry, ...patch })
  }

  #replace(clientMsgId: string, next: PendingMessage): void {
    this.update({ pending: this.getSnapshot().pending.map((item) => (item.clientMsgId === clientMsgId ? next : item)) })
  }
}
