import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEvaluationFixture, type EvaluationFixture } from './evaluation-fixture.js'

// Review finding: every 👍/👎 is kept and sent as a `bot.feedback` webhook, and the route (CORS-allowed
// for the widget's visitors since this round) had no limit: one token could write ratings without end.
describe('ratings given with a user token are rate-limited per user', () => {
  let fixture: EvaluationFixture
  let conversationId: string

  beforeAll(async () => {
    fixture = await startEvaluationFixture({ people: ['alice', 'bob'] })
    conversationId = (await fixture.rest('POST', '/groups', { name: 'G', ownerId: 'alice', memberIds: ['bob'] })).body.id
    await fixture.rest('POST', '/messages', { from: 'bob', conversationId, body: { type: 'text', text: 'not a bot answer' } })
  })
  afterAll(async () => {
    await fixture?.close()
  })

  const rate = (secret: string, body: Record<string, unknown> = {}) =>
    fixture.server.rest('POST', `/api/v1/apps/${fixture.app.id}/conversations/${conversationId}/messages/1/feedback`, { secret, body: { rating: 'down', ...body } })

  it('answers 429 rate_limited with Retry-After past a burst of 20, for that user only', async () => {
    const statuses: number[] = []
    for (let attempt = 0; attempt < 20; attempt++) statuses.push((await rate(fixture.tokens.alice!)).status)
    expect(statuses.every((status) => status !== 429)).toBe(true)
    const refused = await fetch(`${fixture.server.url}/api/v1/apps/${fixture.app.id}/conversations/${conversationId}/messages/1/feedback`, {
      method: 'POST', headers: { authorization: `Bearer ${fixture.tokens.alice}`, 'content-type': 'application/json' }, body: JSON.stringify({ rating: 'down' }),
    })
    expect(refused.status).toBe(429)
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('rate_limited')
    // Another user, and the app's backend rating for a user, are not held back by alice's ratings.
    expect((await rate(fixture.tokens.bob!)).status).not.toBe(429)
    for (let attempt = 0; attempt < 25; attempt++) expect((await rate(fixture.app.secret, { userId: 'alice' })).status).not.toBe(429)
  })
})
