import type { ConversationEvent } from '@warbler/protocol'
import { describe, expect, it } from 'vitest'
import { OrderingBuffer } from './ordering-buffer.js'

function event(conversationId: string, seq: number): ConversationEvent {
  return { conversationId, seq, ts: 1000 + seq, senderId: 'alice', kind: 'message', body: { type: 'text', text: `m${seq}` } }
}
const seqs = (events: ConversationEvent[]) => events.map((e) => e.seq)

describe('OrderingBuffer', () => {
  it('delivers in-order events at once and advances the cursor', () => {
    const buffer = new OrderingBuffer({ c: 0 })
    expect(seqs(buffer.offer(event('c', 1)))).toEqual([1])
    expect(seqs(buffer.offer(event('c', 2)))).toEqual([2])
    expect(buffer.cursor('c')).toBe(2)
    expect(buffer.gap('c')).toBeUndefined()
  })

  it('drops duplicates, before and after the cursor', () => {
    const buffer = new OrderingBuffer({ c: 3 })
    expect(buffer.offer(event('c', 2))).toEqual([])
    expect(buffer.offer(event('c', 3))).toEqual([])
    expect(buffer.offer(event('c', 5))).toEqual([])
    expect(buffer.offer(event('c', 5))).toEqual([])
    expect(buffer.heldCount('c')).toBe(1)
    expect(seqs(buffer.offer(event('c', 4)))).toEqual([4, 5])
    expect(buffer.offer(event('c', 5))).toEqual([])
  })

  it('holds events after a gap, reports the gap, and releases them in order once filled', () => {
    const buffer = new OrderingBuffer({ c: 1 })
    expect(buffer.offer(event('c', 4))).toEqual([])
    expect(buffer.offer(event('c', 3))).toEqual([])
    expect(buffer.gap('c')).toEqual({ conversationId: 'c', afterSeq: 1, untilSeq: 4 })
    expect(seqs(buffer.offer(event('c', 2)))).toEqual([2, 3, 4])
    expect(buffer.gap('c')).toBeUndefined()
  })

  it('keeps conversations independent', () => {
    const buffer = new OrderingBuffer({ a: 0, b: 0 })
    expect(buffer.offer(event('a', 2))).toEqual([])
    expect(seqs(buffer.offer(event('b', 1)))).toEqual([1])
    expect(buffer.gaps().map((g) => g.conversationId)).toEqual(['a'])
  })

  it('reports a gap known only from a sync answer', () => {
    const buffer = new OrderingBuffer({ c: 2 })
    buffer.noteLastSeq('c', 7)
    expect(buffer.gap('c')).toEqual({ conversationId: 'c', afterSeq: 2, untilSeq: 7 })
  })

  it('starts an unknown conversation at its first event', () => {
    const buffer = new OrderingBuffer()
    expect(seqs(buffer.offer(event('new', 9)))).toEqual([9])
    expect(buffer.cursor('new')).toBe(9)
  })

  it('start() never moves a cursor back and drops held events it passes', () => {
    const buffer = new OrderingBuffer({ c: 5 })
    buffer.start('c', 2)
    expect(buffer.cursor('c')).toBe(5)
    buffer.offer(event('c', 7))
    buffer.start('c', 7)
    expect(buffer.heldCount('c')).toBe(0)
    expect(seqs(buffer.offer(event('c', 8)))).toEqual([8])
  })

  it('skipMissing delivers what follows a hole the server cannot fill', () => {
    const buffer = new OrderingBuffer({ c: 1 })
    buffer.offer(event('c', 4))
    buffer.offer(event('c', 5))
    expect(seqs(buffer.skipMissing('c'))).toEqual([4, 5])
    expect(buffer.cursor('c')).toBe(5)
  })
})
