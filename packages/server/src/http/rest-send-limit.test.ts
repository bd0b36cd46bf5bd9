import { WarblerError } from '@warbler/protocol'
import { describe, expect, it } from 'vitest'
import { RestSendLimit } from './rest-send-limit.js'

function refusal(take: () => void): WarblerError | undefined {
  try {
    take()
    return undefined
  } catch (error) {
    if (error instanceof WarblerError) return error
    throw error
  }
}

describe('RestSendLimit', () => {
  it('lets a burst through, then refuses with the seconds until the next send fits', () => {
    let now = 0
    const limit = new RestSendLimit({ perSecond: 2, burst: 3, now: () => now })
    for (let index = 0; index < 3; index += 1) limit.take('app_1', 'alice')
    const refused = refusal(() => limit.take('app_1', 'alice'))
    expect(refused).toMatchObject({ code: 'rate_limited', status: 429, details: { retryAfterSeconds: 1, perSecond: 2, burst: 3 } })
    now = 499
    expect(refusal(() => limit.take('app_1', 'alice'))?.code).toBe('rate_limited')
    now = 1000
    expect(refusal(() => limit.take('app_1', 'alice'))).toBeUndefined()
  })

  it('counts each sender of each app on its own', () => {
    const limit = new RestSendLimit({ perSecond: 1, burst: 1, now: () => 0 })
    limit.take('app_1', 'alice')
    expect(refusal(() => limit.take('app_1', 'alice'))?.code).toBe('rate_limited')
    expect(refusal(() => limit.take('app_1', 'bob'))).toBeUndefined()
    expect(refusal(() => limit.take('app_2', 'alice'))).toBeUndefined()
  })

  it('forgets refilled senders instead of growing without bound', () => {
    let now = 0
    const limit = new RestSendLimit({ perSecond: 1, burst: 1, now: () => now, maxTracked: 2 })
    limit.take('app_1', 'a')
    limit.take('app_1', 'b')
    now = 5000 // a and b have refilled: tracking c forgets them, so a starts over with a full bucket
    limit.take('app_1', 'c')
    expect(refusal(() => limit.take('app_1', 'a'))).toBeUndefined()
    expect(refusal(() => limit.take('app_1', 'c'))?.code).toBe('rate_limited')
  })
})
