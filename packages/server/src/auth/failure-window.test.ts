import { describe, expect, it } from 'vitest'
import { FailureWindow } from './failure-window.js'

describe('FailureWindow', () => {
  it('refuses after the allowed failures until the window passes, and forgets on success', () => {
    let now = 1_000_000
    const throttle = new FailureWindow({ maxFailures: 3, windowMs: 60_000, now: () => now })
    const keys = ['email:a@example.com', 'ip:10.0.0.1']
    for (let attempt = 0; attempt < 3; attempt++) {
      expect(throttle.retryAfterSeconds(keys)).toBe(0)
      throttle.fail(keys)
      now += 1000
    }
    expect(throttle.retryAfterSeconds(keys)).toBe(57)
    expect(throttle.retryAfterSeconds(['ip:10.0.0.1'])).toBe(57)
    expect(throttle.retryAfterSeconds(['email:b@example.com'])).toBe(0)
    now += 57_000
    expect(throttle.retryAfterSeconds(keys)).toBe(0)
    throttle.fail(keys)
    throttle.succeed(keys)
    expect(throttle.retryAfterSeconds(keys)).toBe(0)
  })
})
