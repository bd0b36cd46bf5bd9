import type { ConversationEvent } from '@warbler/protocol'

/** A range of seqs a conversation is missing: `(afterSeq, untilSeq]`. */
export interface SeqGap {
  conversationId: string
  afterSeq: number
  untilSeq: number
}

/**
 * Per conversation: the cursor (the last seq handed to the app), the events that arrived ahead of
 * it (held until the hole before them is filled), and the highest seq known to exist.
 * `offer` returns what may be delivered now, in seq order, each seq once. Pure data: no I/O.
 *
 * @example
 * ```ts
 * const buffer = new OrderingBuffer({ c1: 4 })
 * buffer.offer(event(c1, 6)) // [] — seq 5 is missing, 6 is held
 * buffer.gap('c1')           // { afterSeq: 4, untilSeq: 6 }
 * buffer.offer(event(c1, 5)) // [5, 6]
 * ```
 */
export class OrderingBuffer {
  readonly #cursors = new Map<string, number>()
  readonly #held = new Map<string, Map<number, ConversationEvent>>()
  readonly #known = new Map<string, number>()

  constructor(cursors: Readonly<Record<string, number>> = {}) {
    for (const [conversationId, seq] of Object.entries(cursors)) this.#cursors.set(conversationId, seq)
  }

  /** Whether the conversation has a cursor. */
  has(conversationId: string): boolean {
    return this.#cursors.has(conversationId)
  }

  /** The last seq handed to the app, or undefined for an unknown conversation. */
  cursor(conversationId: string): number | undefined {
    return this.#cursors.get(conversationId)
  }

  /** Every cursor, for a `sync` frame. */
  cursors(): Record<string, number> {
    return Object.fromEntries(this.#cursors)
  }

  /** How many conversations have a cursor. */
  get size(): number {
    return this.#cursors.size
  }

  /** Starts a conversation at `seq` (nothing at or before it will be delivered). Never moves back. */
  start(conversationId: string, seq: number): void {
    const current = this.#cursors.get(conversationId)
    if (current !== undefined && current >= seq) return
    this.#cursors.set(conversationId, seq)
    const held = this.#held.get(conversationId)
    if (held) for (const heldSeq of [...held.keys()]) if (heldSeq <= seq) held.delete(heldSeq)
  }

  /** Records that the conversation has reached `lastSeq` (from a sync answer or a conversation read). */
  noteLastSeq(conversationId: string, lastSeq: number): void {
    if (lastSeq > (this.#known.get(conversationId) ?? 0)) this.#known.set(conversationId, lastSeq)
  }

  /**
   * Takes an event (pushed or pulled). Returns the events now deliverable in order: this one and
   * any held ones it unblocks. Duplicates (at or before the cursor, or already held) give nothing.
   * An event of an unknown conversation starts it just before that event.
   */
  offer(event: ConversationEvent): ConversationEvent[] {
    const { conversationId, seq } = event
    this.noteLastSeq(conversationId, seq)
    let cursor = this.#cursors.get(conversationId)
    if (cursor === undefined) {
      cursor = seq - 1
      this.#cursors.set(conversationId, cursor)
    }
    if (seq <= cursor) return []
    let held = this.#held.get(conversationId)
    if (seq > cursor + 1) {
      if (!held) {
        held = new Map()
        this.#held.set(conversationId, held)
      }
      if (!held.has(seq)) held.set(seq, event)
      return []
    }
    const ready = [event]
    let next = seq + 1
    while (held?.has(next)) {
      ready.push(held.get(next)!)
      held.delete(next)
      next += 1
    }
    if (held?.size === 0) this.#held.delete(conversationId)
    this.#cursors.set(conversationId, next - 1)
    return ready
  }

  /** The missing range of a conversation, or undefined when nothing is known to be missing. */
  gap(conversationId: string): SeqGap | undefined {
    const cursor = this.#cursors.get(conversationId)
    const known = this.#known.get(conversationId) ?? 0
    if (cursor === undefined || known <= cursor) return undefined
    return { conversationId, afterSeq: cursor, untilSeq: known }
  }

  /** Every conversation with a missing range. */
  gaps(): SeqGap[] {
    const result: SeqGap[] = []
    for (const conversationId of this.#cursors.keys()) {
      const gap = this.gap(conversationId)
      if (gap) result.push(gap)
    }
    return result
  }

  /**
   * Gives up on seqs the server says do not exist: moves the cursor to just before the first held
   * event (delivering it and what follows), or to the known end when nothing is held.
   */
  skipMissing(conversationId: string): ConversationEvent[] {
    const held = this.#held.get(conversationId)
    const first = held && held.size > 0 ? Math.min(...held.keys()) : undefined
    if (first === undefined) {
      const known = this.#known.get(conversationId)
      if (known !== undefined) this.start(conversationId, known)
      return []
    }
    const event = held!.get(first)!
    held!.delete(first)
    this.#cursors.set(conversationId, first - 1)
    return this.offer(event)
  }

  /** Forgets every conversation (another user signed in). */
  clear(): void {
    this.#cursors.clear()
    this.#held.clear()
    this.#known.clear()
  }

  /** Forgets a conversation entirely. */
  forget(conversationId: string): void {
    this.#cursors.delete(conversationId)
    this.#held.delete(conversationId)
    this.#known.delete(conversationId)
  }

  /** How many events are held for a conversation. */
  heldCount(conversationId: string): number {
    return this.#held.get(conversationId)?.size ?? 0
  }
}
