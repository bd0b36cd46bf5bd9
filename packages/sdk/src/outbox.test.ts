import { WarblerError, type AckFrame } from '@warbler/protocol'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { Outbox, type OutboxOptions } from './outbox.js'
import type { OutboxEntry, RateLimitedSend, SendFailure, SendResult } from './types.js'

function entry(clientMsgId: string, deadline: number | null = null): OutboxEntry {
  return { clientMsgId, conversationId: 'c1', body: { type: 'text', text: clientMsgId }, createdAt: Date.now(), deadline }
}

function ack(clientMsgId: string, seq: number, duplicate = false): AckFrame {
  return { type: 'ack', clientMsgId, conversationId: 'c1', seq, ts: 1, duplicate }
}

function setup(overrides: Partial<OutboxOptions> = {}) {
  const sent: string[] = []
  const results: SendResult[] = []
  const failures: SendFailure[] = []
  const stored = new Map<string, OutboxEntry>()
  const outbox = new Outbox({
    transmit: (e) => {
      sent.push(e.clientMsgId)
      return true
    },
    persist: ({ put, delete: remove }) => {
      for (const e of put ?? []) stored.set(e.clientMsgId, e)
      for (const id of remove ?? []) stored.delete(id)
    },
    onResult: (r) => results.push(r),
    onFailure: (f) => failures.push(f),
    retryDelayMs: () => 1000,
    ...overrides,
  })
  return { outbox, sent, results, failures, stored }
}

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('Outbox', () => {
  it('queues while disconnected and sends once the connection is up', async () => {
    const { outbox, sent, stored } = setup()
    const promise = outbox.add(entry('a'))
    expect(sent).toEqual([])
    expect(stored.has('a')).toBe(true)
    outbox.setConnected(true)
    expect(sent).toEqual(['a'])
    outbox.handleAck(ack('a', 7))
    await expect(promise).resolves.toMatchObject({ seq: 7, clientMsgId: 'a', conversationId: 'c1' })
    expect(stored.has('a')).toBe(false)
  })

  it('re-sends with the same clientMsgId after a drop, and resolves once', async () => {
    const { outbox, sent, results } = setup()
    outbox.setConnected(true)
    const promise = outbox.add(entry('a'))
    outbox.setConnected(false)
    outbox.setConnected(true)
    expect(sent).toEqual(['a', 'a'])
    outbox.handleAck(ack('a', 3))
    expect(outbox.handleAck(ack('a', 3, true))).toBe(false)
    await expect(promise).resolves.toMatchObject({ seq: 3 })
    expect(results).toHaveLength(1)
  })

  it('re-sends when a live connection never answers', () => {
    const { outbox, sent } = setup({ ackTimeoutMs: 5000 })
    outbox.setConnected(true)
    void outbox.add(entry('a'))
    vi.advanceTimersByTime(5000)
    expect(sent).toEqual(['a', 'a'])
  })

  it('rejects with send_timeout at the deadline and stops retrying', async () => {
    const { outbox, sent, failures, stored } = setup()
    const promise = outbox.add(entry('a', Date.now() + 3000))
    const assertion = expect(promise).rejects.toSatisfy((e) => WarblerError.isInstance(e) && e.code === 'send_timeout')
    vi.advanceTimersByTime(3000)
    await assertion
    expect(failures.map((f) => f.error.code)).toEqual(['send_timeout'])
    expect(stored.size).toBe(0)
    outbox.setConnected(true)
    expect(sent).toEqual([])
  })

  it('gives up on a refusal and retries after a retryable error', async () => {
    const { outbox, sent } = setup()
    outbox.setConnected(true)
    const refused = outbox.add(entry('bad'))
    const limited = outbox.add(entry('slow'))
    outbox.handleError({ type: 'error', clientMsgId: 'bad', code: 'not_member', message: 'no' })
    await expect(refused).rejects.toMatchObject({ code: 'not_member' })
    outbox.handleError({ type: 'error', clientMsgId: 'slow', code: 'rate_limited', message: 'slow down' })
    expect(sent).toEqual(['bad', 'slow'])
    vi.advanceTimersByTime(1000)
    expect(sent).toEqual(['bad', 'slow', 'slow'])
    outbox.handleAck(ack('slow', 1))
    await expect(limited).resolves.toMatchObject({ seq: 1 })
  })

  it('reports each rate_limited answer, and gives up at the deadline with rate_limited rather than send_timeout', async () => {
    const notices: RateLimitedSend[] = []
    const { outbox, sent, failures } = setup({ onRateLimited: (notice) => notices.push(notice), retryDelayMs: () => 3000 })
    outbox.setConnected(true)
    const throttled = outbox.add(entry('busy', Date.now() + 4000))
    const slow = outbox.add(entry('quiet', Date.now() + 4000))
    throttled.catch(() => undefined)
    slow.catch(() => undefined)
    outbox.handleError({ type: 'error', clientMsgId: 'busy', code: 'rate_limited', message: 'slow down' })
    expect(notices).toEqual([expect.objectContaining({ clientMsgId: 'busy', conversationId: 'c1', attempt: 1, retryInMs: 3000 })])
    vi.advanceTimersByTime(3000)
    outbox.handleError({ type: 'error', clientMsgId: 'busy', code: 'rate_limited', message: 'slow down' })
    expect(notices.map((notice) => notice.attempt)).toEqual([1, 2])
    vi.advanceTimersByTime(1000) // the deadline passes while it waits out the second refusal
    await expect(throttled).rejects.toMatchObject({ code: 'rate_limited', details: { attempts: 2, clientMsgId: 'busy' } })
    await expect(slow).rejects.toMatchObject({ code: 'send_timeout' })
    expect(failures.map((failure) => [failure.clientMsgId, failure.error.code])).toEqual([['busy', 'rate_limited'], ['quiet', 'send_timeout']])
    expect(sent.filter((id) => id === 'busy')).toHaveLength(2)
  })

  it('re-sends restored entries and reports their results through onResult', () => {
    const { outbox, sent, results } = setup()
    outbox.restore([entry('old1'), entry('old2')])
    outbox.setConnected(true)
    expect(sent).toEqual(['old1', 'old2'])
    outbox.handleAck(ack('old2', 2))
    outbox.handleAck(ack('old1', 1))
    expect(results.map((r) => r.clientMsgId)).toEqual(['old2', 'old1'])
    expect(outbox.pending()).toEqual([])
  })

  it('keeps at most maxInFlight messages unanswered', () => {
    const { outbox, sent } = setup({ maxInFlight: 2 })
    outbox.setConnected(true)
    for (const id of ['a', 'b', 'c', 'd']) void outbox.add(entry(id))
    expect(sent).toEqual(['a', 'b'])
    outbox.handleAck(ack('a', 1))
    expect(sent).toEqual(['a', 'b', 'c'])
  })

  it('joins a second send of a queued clientMsgId instead of sending twice', async () => {
    const { outbox, sent } = setup()
    outbox.setConnected(true)
    const first = outbox.add(entry('a'))
    const second = outbox.add(entry('a'))
    expect(sent).toEqual(['a'])
    outbox.handleAck(ack('a', 4))
    await expect(Promise.all([first, second])).resolves.toMatchObject([{ seq: 4 }, { seq: 4 }])
  })
})
