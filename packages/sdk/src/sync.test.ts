import type { ConversationCursor, ConversationEvent, HistoryPage } from '@warbler/protocol'
import { describe, expect, it } from 'vitest'
import { OrderingBuffer } from './ordering-buffer.js'
import { Synchronizer } from './sync.js'

function event(conversationId: string, seq: number): ConversationEvent {
  return { conversationId, seq, ts: seq, senderId: 'bob', kind: 'message', body: { type: 'text', text: `m${seq}` } }
}

function deferred<T>() {
  let resolve!: (value: T) => void
  const promise = new Promise<T>((r) => (resolve = r))
  return { promise, resolve }
}

/** A server log per conversation, answering history like the real server. */
function setup(log: Record<string, number>, cursors: Record<string, number> = {}) {
  const delivered: string[] = []
  const syncCalls: (Record<string, number> | undefined)[] = []
  const historyCalls: string[] = []
  let syncAnswer = deferred<{ conversations: ConversationCursor[] }>()
  let readSeqs: Record<string, number> = {}
  let groups = new Set<string>()
  const buffer = new OrderingBuffer(cursors)
  const sync = new Synchronizer({
    buffer,
    sync: (c) => {
      syncCalls.push(c)
      return syncAnswer.promise
    },
    history: async (conversationId, afterSeq, limit): Promise<HistoryPage> => {
      historyCalls.push(`${conversationId}>${afterSeq}`)
      const last = log[conversationId] ?? 0
      const events: ConversationEvent[] = []
      for (let seq = afterSeq + 1; seq <= Math.min(last, afterSeq + limit); seq++) events.push(event(conversationId, seq))
      return { events, hasMore: afterSeq + limit < last }
    },
    deliver: (events) => delivered.push(...events.map((e) => `${e.conversationId}:${e.seq}`)),
    onCursors: () => {},
    onError: (error) => {
      throw error
    },
    pageSize: 2,
  })
  const answerSync = () =>
    syncAnswer.resolve({
      conversations: Object.entries(log).map(([conversationId, lastSeq]) => ({
        conversationId,
        kind: groups.has(conversationId) ? ('group' as const) : ('direct' as const),
        lastSeq,
        readSeq: readSeqs[conversationId] ?? 0,
      })),
    })
  return {
    sync,
    buffer,
    delivered,
    syncCalls,
    historyCalls,
    answerSync,
    setReadSeqs: (r: Record<string, number>) => (readSeqs = r),
    setGroups: (ids: string[]) => (groups = new Set(ids)),
    resetSync: () => (syncAnswer = deferred()),
  }
}

describe('Synchronizer', () => {
  it('a client with no state asks for everything and starts each conversation at its read position', async () => {
    const t = setup({ a: 5, b: 1 })
    t.setReadSeqs({ a: 3, b: 1 })
    const done = t.sync.catchUp()
    t.answerSync()
    await done
    expect(t.syncCalls).toEqual([undefined])
    expect(t.delivered).toEqual(['a:4', 'a:5'])
  })

  it('a client with cursors sends them and pulls only past them, page by page', async () => {
    const t = setup({ a: 6 }, { a: 1 })
    const done = t.sync.catchUp()
    t.answerSync()
    await done
    expect(t.syncCalls).toEqual([{ a: 1 }])
    expect(t.historyCalls).toEqual(['a>1', 'a>3', 'a>5'])
    expect(t.delivered).toEqual(['a:2', 'a:3', 'a:4', 'a:5', 'a:6'])
  })

  it('a client that synced before starts a direct conversation it has no cursor for at its first event', async () => {
    // d was opened since the last sync; its first push was lost, and the user's own send at 2 moved
    // their read position past it. g is a group the user was added to: it starts at the read position.
    const t = setup({ a: 2, d: 3, g: 3 }, { a: 2 })
    t.setReadSeqs({ d: 2, g: 2 })
    t.setGroups(['g'])
    const done = t.sync.catchUp()
    t.answerSync()
    await done
    expect(t.delivered.sort()).toEqual(['d:1', 'd:2', 'd:3', 'g:3'])
  })

  it('a client that had no state at its first sync counts as known at the next one', async () => {
    const log: Record<string, number> = {}
    const t = setup(log)
    const first = t.sync.catchUp()
    t.answerSync()
    await first
    t.resetSync()
    log.d = 2
    t.setReadSeqs({ d: 2 })
    const second = t.sync.catchUp()
    t.answerSync()
    await second
    expect(t.delivered).toEqual(['d:1', 'd:2'])
  })

  it('holds pushes that arrive before the sync answer, so unread messages are not skipped', async () => {
    const t = setup({ a: 4 })
    t.setReadSeqs({ a: 1 })
    t.sync.hold()
    // The newest message is pushed before the sync answer has said where the user stands.
    t.sync.push(event('a', 4))
    expect(t.delivered).toEqual([])
    const done = t.sync.catchUp()
    t.answerSync()
    await done
    expect(t.delivered).toEqual(['a:2', 'a:3', 'a:4'])
  })

  it('a pushed event after a hole pulls the hole and delivers in order', async () => {
    const log = { a: 2 }
    const t = setup(log, { a: 2 })
    const done = t.sync.catchUp()
    t.answerSync()
    await done
    expect(t.delivered).toEqual([])
    log.a = 5 // 3 and 4 were committed but their pushes were lost
    t.sync.push(event('a', 5))
    await t.sync.pull('a')
    expect(t.delivered).toEqual(['a:3', 'a:4', 'a:5'])
  })

  it('goes past a hole the server cannot fill instead of waiting forever', async () => {
    const t = setup({ a: 1 }, { a: 1 })
    const done = t.sync.catchUp()
    t.answerSync()
    await done
    // seq 2 and 3 never existed on the server (its log ends at 1), yet 4 was pushed.
    t.sync.push(event('a', 4))
    await t.sync.pull('a')
    expect(t.delivered).toEqual(['a:4'])
  })

  it('does not skip a hole because of a page that answered an older hole while pushes moved on', async () => {
    const buffer = new OrderingBuffer({ c: 60 })
    const delivered: number[] = []
    const pages: ((page: HistoryPage) => void)[] = []
    const sync = new Synchronizer({
      buffer,
      sync: async () => ({ conversations: [] }),
      history: () => new Promise<HistoryPage>((resolve) => pages.push(resolve)),
      deliver: (events) => delivered.push(...events.map((e) => e.seq)),
      onCursors: () => {},
      onError: (error) => {
        throw error
      },
    })
    await sync.catchUp()
    sync.push(event('c', 62)) // hole at 61: a pull after 60 starts
    await new Promise((resolve) => setTimeout(resolve, 5))
    for (const seq of [61, 63, 64, 65, 66, 69]) sync.push(event('c', seq)) // 67 and 68 are late
    pages.shift()!({ events: [61, 62, 63, 64, 65, 66].map((seq) => event('c', seq)), hasMore: false })
    await new Promise((resolve) => setTimeout(resolve, 5))
    // the page answered the old hole; the SDK asks again for the new one instead of skipping 67 and 68
    expect(pages).toHaveLength(1)
    pages.shift()!({ events: [67, 68, 69].map((seq) => event('c', seq)), hasMore: false })
    await new Promise((resolve) => setTimeout(resolve, 5))
    expect(delivered).toEqual([61, 62, 63, 64, 65, 66, 67, 68, 69])
  })
})
