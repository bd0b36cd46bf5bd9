import { WarblerError } from '@warbler/protocol'
import { describe, expect, it } from 'vitest'
import { PeopleSearchLimit } from './people-search-limit.js'

describe('PeopleSearchLimit', () => {
  it('lets a burst through, refuses the next with the wait, refills over time, and counts each caller apart', () => {
    let now = 0
    const limit = new PeopleSearchLimit({ perSecond: 2, burst: 3, now: () => now })
    for (let i = 0; i < 3; i++) limit.take('app', 'alice')
    const refusal = (() => {
      try {
        limit.take('app', 'alice')
      } catch (error) {
        return error
      }
    })()
    expect(WarblerError.isInstance(refusal) && refusal.code).toBe('rate_limited')
    expect((refusal as WarblerError).message).toMatch(/people searches/)
    expect((refusal as WarblerError).details).toMatchObject({ retryAfterSeconds: 1 })
    limit.take('app', 'bob')
    limit.take('other-app', 'alice')
    now = 500
    limit.take('app', 'alice')
    expect(() => limit.take('app', 'alice')).toThrow(/people searches/)
  })
})
