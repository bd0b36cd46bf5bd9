import type { ConversationEvent, HistoryPage } from '@warbler/protocol'

/** Events that change another message rather than being one: they fold into their target. */
const FOLDED_KINDS: ReadonlySet<ConversationEvent['kind']> = new Set(['edit', 'recall', 'reaction'])

/** Which page to read: after a seq (ascending), before a seq, or, with neither, the newest. */
export interface HistoryRange {
  afterSeq?: number
  beforeSeq?: number
  /** Messages (and member/system notices) on the page; edits, recalls and reactions do not count. */
  limit: number
}

/** One read of raw events from the event store. */
export type ReadEvents = (range: { afterSeq?: number; beforeSeq?: number; limit: number }) => Promise<HistoryPage>

/** How many raw events one page may scan at most, so a message with 10 000 reactions cannot make a page unbounded. */
export const MAX_EVENTS_SCANNED = 2000

const counts = (event: ConversationEvent): boolean => !FOLDED_KINDS.has(event.kind)

/**
 * Reads a history page whose `limit` counts messages: it keeps reading raw events (in chunks)
 * until the page holds `limit` messages or the log ends, then cuts the page at the `limit`-th
 * message. The edits, recalls and reactions inside the page stay in it (clients fold them).
 * With no cursor the page is the newest one. `hasMore` says whether there is more in the page's
 * direction (older for `beforeSeq` and the newest page, newer for `afterSeq`).
 *
 * @example
 * ```ts
 * const newest = await readHistoryPage((range) => storage.events.range(appId, conversationId, range), { limit: 50 })
 * ```
 */
export async function readHistoryPage(read: ReadEvents, range: HistoryRange): Promise<HistoryPage> {
  const backward = range.beforeSeq !== undefined || range.afterSeq === undefined
  return backward ? readBackward(read, range) : readForward(read, range)
}

async function readForward(read: ReadEvents, range: HistoryRange): Promise<HistoryPage> {
  const events: ConversationEvent[] = []
  let counted = 0
  let afterSeq = range.afterSeq ?? 0
  let hasMore = true
  while (counted < range.limit && hasMore && events.length < MAX_EVENTS_SCANNED) {
    const chunk = await read({ afterSeq, limit: chunkSize(range.limit - counted) })
    hasMore = chunk.hasMore
    for (const event of chunk.events) {
      if (counts(event)) {
        if (counted === range.limit) return { events, hasMore: true }
        counted += 1
      }
      events.push(event)
    }
    const last = chunk.events.at(-1)
    if (!last) break
    afterSeq = last.seq
  }
  return { events, hasMore }
}

async function readBackward(read: ReadEvents, range: HistoryRange): Promise<HistoryPage> {
  const events: ConversationEvent[] = []
  let counted = 0
  let beforeSeq = range.beforeSeq ?? Number.MAX_SAFE_INTEGER
  let hasMore = true
  while (counted < range.limit && hasMore && events.length < MAX_EVENTS_SCANNED) {
    const chunk = await read({ beforeSeq, ...(range.afterSeq === undefined ? {} : { afterSeq: range.afterSeq }), limit: chunkSize(range.limit - counted) })
    hasMore = chunk.hasMore
    for (let index = chunk.events.length - 1; index >= 0; index -= 1) {
      const event = chunk.events[index]!
      events.unshift(event)
      if (!counts(event)) continue
      counted += 1
      // Older edits and reactions belong to older messages: they go with the older page.
      if (counted === range.limit) return { events, hasMore: index > 0 || chunk.hasMore }
    }
    const first = chunk.events[0]
    if (!first) break
    beforeSeq = first.seq
  }
  return { events, hasMore }
}

/** A few more events than messages still needed: edits and reactions are common, round trips are not free. */
function chunkSize(needed: number): number {
  return Math.min(Math.max(needed + Math.ceil(needed / 2), 10), 500)
}
