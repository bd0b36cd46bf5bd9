import { describe, expect, it } from 'vitest'
import { nextAttemptAt } from './retry-backoff.js'
import { DEFAULT_RETRY_SCHEDULE_MS } from './webhook-settings.js'

describe('nextAttemptAt', () => {
  const settings = { retryScheduleMs: DEFAULT_RETRY_SCHEDULE_MS, retryWindowMs: 24 * 3600_000, jitter: 0.2 }

  it('follows the schedule (10 s, 30 s, 2 min, ...) within the jitter', () => {
    expect(nextAttemptAt(1, 0, 0, settings, () => 0.5)).toBe(10_000)
    expect(nextAttemptAt(2, 0, 0, settings, () => 0.5)).toBe(30_000)
    expect(nextAttemptAt(3, 0, 0, settings, () => 0.5)).toBe(120_000)
    expect(nextAttemptAt(1, 0, 0, settings, () => 0)).toBe(8_000)
    expect(nextAttemptAt(1, 0, 0, settings, () => 1)).toBe(12_000)
  })

  it('keeps retrying for a day and then gives up', () => {
    let now = 0
    let attempts = 0
    for (let next = nextAttemptAt(1, 0, now, settings, () => 0.5); next !== undefined && attempts < 1000; next = nextAttemptAt(attempts + 1, 0, now, settings, () => 0.5)) {
      now = next
      attempts++
    }
    expect(attempts).toBeGreaterThan(8)
    expect(attempts).toBeLessThan(20)
    expect(now).toBeLessThanOrEqual(24 * 3600_000)
    expect(now).toBeGreaterThan(20 * 3600_000)
  })
})
