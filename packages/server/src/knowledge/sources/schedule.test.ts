import { describe, expect, it } from 'vitest'
import { MAX_BACKOFF_MS, nextRunAt, spreadOffsetMs } from './schedule.js'

const MINUTE = 60_000

describe('the schedule of a source', () => {
  it('spreads sources of one interval over up to 10 % of it, the same offset every time', () => {
    const offsets = Array.from({ length: 200 }, (_, index) => spreadOffsetMs(`src_${index}`, 60))
    expect(Math.min(...offsets)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...offsets)).toBeLessThan(6 * MINUTE)
    expect(new Set(offsets.map((offset) => Math.floor(offset / MINUTE))).size).toBe(6)
    expect(spreadOffsetMs('src_1', 60)).toBe(spreadOffsetMs('src_1', 60))
    expect(spreadOffsetMs('src_1', 7 * 24 * 60)).toBeLessThan(10 * MINUTE)
  })

  it('runs one interval later, and after failures backs off from 15 minutes, doubling, up to a day', () => {
    const now = 1_800_000_000_000
    const offset = spreadOffsetMs('src_x', 360)
    expect(nextRunAt('src_x', 360, now)).toBe(now + 360 * MINUTE + offset)
    expect(nextRunAt('src_x', 360, now, 1)).toBe(now + 15 * MINUTE + offset)
    expect(nextRunAt('src_x', 360, now, 2)).toBe(now + 30 * MINUTE + offset)
    expect(nextRunAt('src_x', 360, now, 20)).toBe(now + MAX_BACKOFF_MS + offset)
    // A short interval backs off from itself.
    expect(nextRunAt('src_y', 5, now, 1)).toBe(now + 5 * MINUTE + spreadOffsetMs('src_y', 5))
  })
})
