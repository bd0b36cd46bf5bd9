import type { ConversationEvent } from '@warbler/protocol'
import { describe, expect, it } from 'vitest'
import { MAX_EVENTS_SCANNED, readHistoryPage, type ReadEvents } from './history-pages.js'

/** A log read like the event stores read it (beforeSeq wins, afterSeq is then a floor). */
function log(kinds: ConversationEvent['kind'][]): { read: ReadEvents; reads: () => number } {
  const events = kinds.map((kind, index) => ({ seq: index + 1, kind, conversationId: 'c', senderId: 'u', ts: index, ...(kind === 'message' || kind === 'member' ? {} : { targetSeq: 1 }) }) as ConversationEvent)
  let reads = 0
  const read: ReadEvents = async ({ afterSeq, beforeSeq, limit }) => {
    reads += 1
    if (beforeSeq !== undefined) {
      const older = events.filter((event) => event.seq < beforeSeq && event.seq > (afterSeq ?? 0))
      return { events: older.slice(-limit), hasMore: older.length > limit }
    }
    const newer = events.filter((event) => event.seq > (afterSeq ?? 0))
    return { events: newer.slice(0, limit), hasMore: newer.length > limit }
  }
  return { read, reads: () => reads }
}

const seqs = (page: { events: ConversationEvent[] }) => page.events.map((event) => event.seq)

// seq:   1 message, 2 edit, 3 reaction, 4 message, 5 reaction, 6 reaction, 7 member, 8 message, 9 recall, 10 message
const KINDS: ConversationEvent['kind'][] = ['message', 'edit', 'reaction', 'message', 'reaction', 'reaction', 'member', 'message', 'recall', 'message']

describe('history pages count messages', () => {
  it('with no cursor returns the newest messages, with the edits and reactions among them', async () => {
    const page = await readHistoryPage(log(KINDS).read, { limit: 2 })
    expect(seqs(page)).toEqual([8, 9, 10])
    expect(page.hasMore).toBe(true)
  })

  it('pages back with beforeSeq until the oldest, each page holding `limit` messages', async () => {
    const { read } = log(KINDS)
    const pages = []
    let page = await readHistoryPage(read, { limit: 2 })
    pages.push(seqs(page))
    while (page.hasMore) {
      page = await readHistoryPage(read, { beforeSeq: page.events[0]!.seq, limit: 2 })
      pages.push(seqs(page))
    }
    expect(pages).toEqual([[8, 9, 10], [4, 5, 6, 7], [1, 2, 3]])
  })

  it('pages forward with afterSeq, every event exactly once', async () => {
    const { read } = log(KINDS)
    const pages = []
    let page = await readHistoryPage(read, { afterSeq: 0, limit: 2 })
    pages.push(seqs(page))
    while (page.hasMore) {
      page = await readHistoryPage(read, { afterSeq: page.events.at(-1)!.seq, limit: 2 })
      pages.push(seqs(page))
    }
    expect(pages.flat()).toEqual(KINDS.map((_, index) => index + 1))
    expect(pages[0]).toEqual([1, 2, 3, 4, 5, 6])
    expect(pages.at(-1)).toEqual([10])
  })

  it('keeps the floor (a member who joined late sees nothing before it)', async () => {
    const page = await readHistoryPage(log(KINDS).read, { beforeSeq: 11, afterSeq: 6, limit: 50 })
    expect(seqs(page)).toEqual([7, 8, 9, 10])
    expect(page.hasMore).toBe(false)
  })

  it('stops scanning at a bound when a message has thousands of reactions', async () => {
    const { read, reads } = log(['message', ...Array<ConversationEvent['kind']>(MAX_EVENTS_SCANNED * 2).fill('reaction')])
    const page = await readHistoryPage(read, { limit: 50 })
    expect(page.events.length).toBeGreaterThanOrEqual(MAX_EVENTS_SCANNED)
    expect(page.events.length).toBeLessThan(MAX_EVENTS_SCANNED + 500)
    expect(page.hasMore).toBe(true)
    expect(reads()).toBeLessThan(40)
  })
})
