import { WarblerClient } from '@warbler/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { OwnFeedbackLimit } from '../../src/evaluations/own-feedback-route.js'
import { RawClient } from '../helpers/raw-client.js'
import { waitForReply } from '../bots/bot-fixture.js'
import { startEvaluationFixture, type EvaluationFixture } from './evaluation-fixture.js'

describe('a chat user reads back their own ratings (GET …/conversations/{id}/feedback/mine)', () => {
  let fixture: EvaluationFixture
  const clients: RawClient[] = []
  const sdkClients: WarblerClient[] = []

  beforeAll(async () => {
    fixture = await startEvaluationFixture({ people: ['alice', 'bob', 'carol'] })
    await fixture.rest('POST', '/bots', { id: 'helper', name: 'Helper', knowledgeBaseIds: [fixture.kbId] })
  })
  afterAll(async () => {
    for (const client of clients) client.close()
    for (const client of sdkClients) await client.close()
    await fixture.close()
  })

  const asUser = (user: string, path: string) => fixture.server.rest('GET', `/api/v1/apps/${fixture.app.id}${path}`, { secret: fixture.tokens[user]! })
  const sdk = async (user: string) => {
    const client = new WarblerClient({ url: fixture.server.url, token: fixture.tokens[user]!, requestTimeoutMs: 5000 })
    sdkClients.push(client)
    await client.connect()
    return client
  }

  /** A group of alice and bob with the helper, and two answers of the helper in it. */
  async function groupWithAnswers() {
    const group = await fixture.rest('POST', '/groups', { name: 'Pricing questions', ownerId: 'alice', memberIds: ['bob', 'helper'] })
    expect(group.status).toBe(201)
    const conversationId = group.body.id as string
    const client = await RawClient.connect(fixture.server.url, fixture.tokens.alice!)
    clients.push(client)
    const answers: number[] = []
    for (const question of ['@Helper how much is the Pro plan?', '@Helper when are you open?']) {
      const ack = await client.request({ type: 'message.send', clientMsgId: `q${answers.length}${conversationId}`, conversationId, body: { type: 'text', text: question, mentions: ['helper'] } })
      answers.push((await waitForReply(client, conversationId, 'helper', ack.seq)).message.seq as number)
    }
    return { conversationId, answers }
  }

  it('answers the newest rating per message, by seq, only the caller’s own, paged with next → afterSeq', async () => {
    const { conversationId, answers } = await groupWithAnswers()
    const [first, second] = answers as [number, number]
    const alice = await sdk('alice')
    const bob = await sdk('bob')
    await alice.feedback(conversationId, second, { rating: 'down', reason: 'outdated', comment: 'Open till 19:00 now' })
    await alice.feedback(conversationId, first, { rating: 'down', reason: 'incorrect' })
    await alice.feedback(conversationId, first, { rating: 'up' })
    await bob.feedback(conversationId, first, { rating: 'down', reason: 'irrelevant', comment: 'Bob’s own view' })

    const mine = await alice.myFeedback(conversationId)
    expect(mine.next).toBeNull()
    expect(mine.items.map((item) => [item.seq, item.userId, item.rating, item.reason])).toEqual([[first, 'alice', 'up', undefined], [second, 'alice', 'down', 'outdated']])
    expect(mine.items[1]).toMatchObject({ comment: 'Open till 19:00 now', botId: 'helper', conversationId })
    // Bob sees his rating only; nothing of Alice’s.
    const bobs = await bob.myFeedback(conversationId)
    expect(bobs.items.map((item) => [item.seq, item.userId, item.rating])).toEqual([[first, 'bob', 'down']])
    expect(JSON.stringify(bobs)).not.toContain('Open till 19:00 now')

    // Pages: one message a page, next is the seq to pass back as afterSeq.
    const page1 = await asUser('alice', `/conversations/${conversationId}/feedback/mine?limit=1`)
    expect(page1).toMatchObject({ status: 200, body: { items: [{ seq: first, rating: 'up' }], next: String(first) } })
    const page2 = await asUser('alice', `/conversations/${conversationId}/feedback/mine?limit=1&afterSeq=${page1.body.next}`)
    expect(page2).toMatchObject({ status: 200, body: { items: [{ seq: second, rating: 'down' }], next: null } })
    // A member who rated nothing gets an empty page.
    const carol = await fixture.rest('POST', `/groups/${conversationId}/members`, { userIds: ['carol'] })
    expect(carol.status).toBeLessThan(300)
    expect(await asUser('carol', `/conversations/${conversationId}/feedback/mine`)).toMatchObject({ status: 200, body: { items: [], next: null } })
  })

  it('refuses a non-member (not_member), a missing conversation, the app secret and no credential', async () => {
    const { conversationId, answers } = await groupWithAnswers()
    await (await sdk('alice')).feedback(conversationId, answers[0]!, { rating: 'up' })
    const outsider = await fixture.server.rest('POST', `/api/v1/apps/${fixture.app.id}/users`, { secret: fixture.app.secret, body: { id: 'dora', name: 'Dora' } })
    expect(outsider.status).toBe(201)
    const token = (await fixture.rest('POST', '/users/dora/tokens', {})).body.token as string
    const dora = await fixture.server.rest('GET', `/api/v1/apps/${fixture.app.id}/conversations/${conversationId}/feedback/mine`, { secret: token })
    expect(dora).toMatchObject({ status: 403, body: { error: { code: 'not_member' } } })
    expect(JSON.stringify(dora.body)).not.toContain('"rating"')
    expect(await asUser('alice', '/conversations/cnv_missing/feedback/mine')).toMatchObject({ status: 404, body: { error: { code: 'conversation_not_found' } } })
    expect(await fixture.rest('GET', `/conversations/${conversationId}/feedback/mine`)).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } })
    const anonymous = await fixture.server.rest('GET', `/api/v1/apps/${fixture.app.id}/conversations/${conversationId}/feedback/mine`, {})
    expect(anonymous.status).toBe(401)
    expect((await asUser('alice', `/conversations/${conversationId}/feedback/mine?limit=0`)).body.error.code).toBe('validation_failed')
  })

  it('is rate-limited per user: a burst, then rate_limited with the seconds to wait', () => {
    let now = 0
    const limit = new OwnFeedbackLimit({ perSecond: 2, burst: 3, now: () => now })
    for (let index = 0; index < 3; index++) limit.take('app', 'alice')
    expect(() => limit.take('app', 'alice')).toThrow(/wait 1 s/)
    // Another user has their own bucket; time refills it.
    limit.take('app', 'bob')
    now += 500
    limit.take('app', 'alice')
  })
})
