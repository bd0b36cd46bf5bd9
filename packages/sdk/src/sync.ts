import type { ConversationCursor, ConversationEvent, HistoryPage } from '@warbler/protocol'
import { WarblerError } from '@warbler/protocol'
import { inBackground } from './background.js'
import type { OrderingBuffer } from './ordering-buffer.js'

/** What the synchronizer needs from the client. */
export interface SynchronizerOptions {
  buffer: OrderingBuffer
  /** `sync` request. */
  sync: (cursors: Record<string, number> | undefined) => Promise<{ conversations: ConversationCursor[] }>
  /** `history` request (afterSeq, ascending). */
  history: (conversationId: string, afterSeq: number, limit: number) => Promise<HistoryPage>
  /** Hands events to the app, in order; called synchronously in delivery order. */
  deliver: (events: ConversationEvent[]) => void
  /** The sync answer, for the conversation list. */
  onCursors: (cursors: ConversationCursor[]) => void
  /** A background pull failed (a new connection will retry). */
  onError: (error: WarblerError) => void
  /** Events per history page (default 100). */
  pageSize?: number
  /** Conversations pulled at once (default 4). */
  concurrency?: number
}

/**
 * Turns pushes, sync answers and history pages into one gapless, duplicate-free stream per
 * conversation. On each connection, {@link catchUp} asks what moved past the cursors (or, for a
 * client with no state, starts every conversation at the user's read position) and pulls the
 * missing ranges. A pushed event after a hole triggers a pull of the hole; pushes that arrive
 * during the catch-up or a pull wait in the ordering buffer.
 */
export class Synchronizer {
  #generation = 0
  /** Pushes are held until a catch-up has read where the user stands (so from the start, too). */
  #catchingUp = true
  #held: ConversationEvent[] = []
  /** Whether a catch-up has read a sync answer before (on this client, in this run). */
  #answeredBefore = false
  readonly #pulls = new Map<string, Promise<void>>()
  readonly #pageSize: number
  readonly #concurrency: number

  constructor(private readonly options: SynchronizerOptions) {
    this.#pageSize = options.pageSize ?? 100
    this.#concurrency = options.concurrency ?? 4
  }

  /**
   * Holds pushes until the next catch-up has read the sync answer (call before a connection
   * opens: the first pushes may arrive in the same packet as the welcome).
   */
  hold(): void {
    if (this.#catchingUp) return
    this.#catchingUp = true
    this.#held = []
  }

  /** Catches up after a (re)connect. Resolves once every missing event has been delivered. */
  async catchUp(): Promise<void> {
    const generation = ++this.#generation
    const { buffer } = this.options
    this.hold()
    try {
      const fresh = buffer.size === 0
      const answer = await this.options.sync(fresh ? undefined : buffer.cursors())
      if (generation !== this.#generation) return
      const knewBefore = !fresh || this.#answeredBefore
      this.#answeredBefore = true
      for (const cursor of answer.conversations) {
        if (!buffer.has(cursor.conversationId)) buffer.start(cursor.conversationId, startOfUnknown(cursor, knewBefore))
        buffer.noteLastSeq(cursor.conversationId, cursor.lastSeq)
      }
      this.options.onCursors(answer.conversations)
    } finally {
      if (generation === this.#generation) {
        this.#catchingUp = false
        const held = this.#held
        this.#held = []
        for (const event of held) this.#offer(event)
      }
    }
    await this.#pullAll(buffer.gaps().map((gap) => gap.conversationId), generation)
    // Events pulled above may have revealed more (a push landed in the meantime).
    if (generation === this.#generation && buffer.gaps().length > 0) {
      await this.#pullAll(buffer.gaps().map((gap) => gap.conversationId), generation)
    }
  }

  /** A pushed event. */
  push(event: ConversationEvent): void {
    if (this.#catchingUp) {
      this.#held.push(event)
      return
    }
    this.#offer(event)
    if (this.options.buffer.gap(event.conversationId)) {
      const { conversationId } = event
      inBackground(() => this.pull(conversationId), (error) => this.options.onError(toWarblerError(error)))
    }
  }

  /** The connection dropped: running pulls stop after their current page; pushes wait for the next catch-up. */
  disconnected(): void {
    this.#generation += 1
    this.#catchingUp = true
    // Pushes held for the catch-up are past the cursors, so the next catch-up pulls them again.
    this.#held = []
  }

  /** Pulls a conversation's missing range (one pull per conversation at a time). */
  pull(conversationId: string): Promise<void> {
    const running = this.#pulls.get(conversationId)
    if (running) return running
    const generation = this.#generation
    const promise = this.#pullLoop(conversationId, generation).finally(() => this.#pulls.delete(conversationId))
    this.#pulls.set(conversationId, promise)
    return promise
  }

  async #pullAll(conversationIds: string[], generation: number): Promise<void> {
    const queue = [...conversationIds]
    const worker = async () => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        if (generation !== this.#generation) return
        await this.pull(id)
      }
    }
    await Promise.all(Array.from({ length: Math.min(this.#concurrency, queue.length) }, worker))
  }

  async #pullLoop(conversationId: string, generation: number): Promise<void> {
    const { buffer } = this.options
    for (;;) {
      if (generation !== this.#generation) return
      const gap = buffer.gap(conversationId)
      if (!gap) return
      const page = await this.options.history(conversationId, gap.afterSeq, this.#pageSize)
      for (const event of page.events) this.#offer(event)
      // Only an answer for the hole as it is now proves the server has nothing there: if pushes moved
      // the cursor while the page was on its way, the page describes an older hole; ask again.
      if (buffer.cursor(conversationId) === gap.afterSeq && buffer.gap(conversationId)) {
        // The server has nothing at the hole: go past it rather than wait forever.
        const ready = buffer.skipMissing(conversationId)
        if (ready.length > 0) this.options.deliver(ready)
        if (buffer.cursor(conversationId) === gap.afterSeq) return
      }
    }
  }

  #offer(event: ConversationEvent): void {
    const ready = this.options.buffer.offer(event)
    if (ready.length > 0) this.options.deliver(ready)
  }
}

/**
 * Where a conversation the buffer has no cursor for starts. For a client with no state, at the
 * user's read position: its unread part. For a client that has synced before, a direct conversation
 * it has no cursor for was created since (a direct conversation has both members from its first
 * seq), so every event is news: the user's read position may already be past events whose push was
 * lost, because sending a message moves the sender's read position.
 */
function startOfUnknown(cursor: ConversationCursor, knewBefore: boolean): number {
  if (knewBefore && cursor.kind === 'direct') return 0
  return Math.min(cursor.readSeq, cursor.lastSeq)
}

function toWarblerError(error: unknown): WarblerError {
  return WarblerError.isInstance(error) ? error : new WarblerError('internal', String(error), { cause: error })
}
