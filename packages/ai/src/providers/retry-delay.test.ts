import { describe, expect, it } from 'vitest'
import { parseRetryAfter } from './provider-error.js'
import { abortableSleep, retryDelay } from './retry-delay.js'

describe('retryDelay', () => {
  it('grows exponentially, stays within half and all of the step, and is capped', () => {
    const options = { initialDelayMs: 100, factor: 2, maxDelayMs: 1000 }
    expect([retryDelay(1, options, undefined, () => 0), retryDelay(1, options, undefined, () => 1)]).toEqual([50, 100])
    expect(retryDelay(3, options, undefined, () => 1)).toBe(400)
    expect(retryDelay(10, options, undefined, () => 1)).toBe(1000)
  })

  it('waits at least the Retry-After the upstream asked for', () => {
    expect(retryDelay(1, { initialDelayMs: 100 }, 2500, () => 1)).toBe(2500)
    expect(retryDelay(1, { initialDelayMs: 100 }, 10, () => 1)).toBe(100)
  })
})

describe('parseRetryAfter', () => {
  it('reads seconds, milliseconds and HTTP dates, and ignores junk', () => {
    const now = Date.parse('2025-01-01T00:00:00Z')
    expect(parseRetryAfter({ 'Retry-After': '3' }, now)).toBe(3000)
    expect(parseRetryAfter({ 'retry-after-ms': '250', 'retry-after': '3' }, now)).toBe(250)
    expect(parseRetryAfter({ 'retry-after': 'Wed, 01 Jan 2025 00:00:05 GMT' }, now)).toBe(5000)
    expect(parseRetryAfter({ 'retry-after': 'soon' }, now)).toBeUndefined()
    expect(parseRetryAfter({ 'retry-after': '-1' }, now)).toBeUndefined()
    expect(parseRetryAfter(undefined)).toBeUndefined()
  })
})

describe('abortableSleep', () => {
  it('rejects with the abort reason instead of waiting', async () => {
    const controller = new AbortController()
    const sleeping = abortableSleep(60_000, controller.signal)
    controller.abort(new Error('cancelled'))
    await expect(sleeping).rejects.toThrow('cancelled')
  })
})
