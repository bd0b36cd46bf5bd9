import { describe, expect, it } from 'vitest'
import { Backoff, fullJitterDelay } from './backoff.js'

describe('fullJitterDelay', () => {
  it('doubles the ceiling per attempt and caps it at maxMs', () => {
    const top = () => 0.999999
    expect(fullJitterDelay(0, { baseMs: 100, maxMs: 1000, random: top })).toBe(99)
    expect(fullJitterDelay(1, { baseMs: 100, maxMs: 1000, random: top })).toBe(199)
    expect(fullJitterDelay(3, { baseMs: 100, maxMs: 1000, random: top })).toBe(799)
    expect(fullJitterDelay(4, { baseMs: 100, maxMs: 1000, random: top })).toBe(999)
    expect(fullJitterDelay(60, { baseMs: 100, maxMs: 1000, random: top })).toBe(999)
  })

  it('can be as short as zero (full jitter, not equal jitter)', () => {
    expect(fullJitterDelay(5, { baseMs: 100, maxMs: 1000, random: () => 0 })).toBe(0)
  })

  it('spreads clients over the whole window', () => {
    const delays = Array.from({ length: 2000 }, () => fullJitterDelay(3, { baseMs: 100, maxMs: 10_000 }))
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...delays)).toBeLessThan(800)
    // Both halves of the window are used.
    expect(delays.some((d) => d < 200)).toBe(true)
    expect(delays.some((d) => d > 600)).toBe(true)
  })
})

describe('Backoff', () => {
  it('grows with consecutive failures and starts over after reset', () => {
    const backoff = new Backoff({ baseMs: 10, maxMs: 10_000, random: () => 0.5 })
    expect([backoff.next(), backoff.next(), backoff.next()]).toEqual([5, 10, 20])
    expect(backoff.attempt).toBe(3)
    backoff.reset()
    expect(backoff.next()).toBe(5)
  })
})
