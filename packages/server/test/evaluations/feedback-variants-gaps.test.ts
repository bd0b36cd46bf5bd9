import { WarblerClient } from '@warbler/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assignVariant } from '@warbler/ai'
import { RawClient } from '../helpers/raw-client.js'
import { waitForReply } from '../bots/bot-fixture.js'
import { TestReceiver } from '../webhooks/receiver.js'
import { startEvaluationFixture, type EvaluationFixture } from './evaluation-fixture.js'

describe('feedback, production signals, knowledge gaps and A/B variants', () => {
  let fixture: EvaluationFixture
  let receiver: TestReceiver
  const clients: RawClient[] = []
  const sdkClients: WarblerClient[] = []

  beforeAll(async () => {
    receiver = await TestReceiver.start()
    fixture = await startEvaluationFixture({ people: ['alice', 'bob', 'carol', 'lin'] })
    await fixture.rest('POST', '/bots', { id: 'helper', name: 'Helper', knowledgeBaseIds: [fixture.kbId] })
  })
  afterAll(async () => {
    for (const client of clients) client.close()
    for (const client of sdkClients) await client.close()
    await fixture.close()
    await receiver.close()
  })

  const ask = async (user: string, bot: string, text: string) => {
    const client = await RawClient.connect(fixture.server.url, fixture.tokens[user]!)
    clients.push(client)
    const direct = (await client.request({ type: 'conversation.open-direct', peerId: bot })).data
    const ack = await client.sendMessage(direct.id, text)
    const { message, final } = await waitForReply(client, direct.id, bot, ack.seq)
    return { conversationId: direct.id as string, seq: message.seq as number, final }
  }

  it('takes ratings from the end user’s SDK and from the app for an agent, keeps every one, and sends bot.feedback', async () => {
    const hook = await fixture.rest('POST', '/webhooks', { url: `${receiver.url}/hook`, events: ['bot.feedback'] })
    expect(hook.status).toBe(201)
    const { conversationId, seq, final } = await ask('alice', 'helper', 'How much is the Pro plan?')
    expect(final.body.text).toContain('99 yuan')
    const alice = new WarblerClient({ url: fixture.server.url, token: fixture.tokens.alice!, requestTimeoutMs: 5000 })
    sdkClients.push(alice)
    await alice.connect()
    const down = await alice.feedback(conversationId, seq, { rating: 'down', reason: 'incorrect', comment: 'It is ¥99 now' })
    expect(down).toMatchObject({ conversationId, seq, userId: 'alice', rating: 'down', reason: 'incorrect', comment: 'It is ¥99 now', botId: 'helper' })
    await alice.feedback(conversationId, seq, { rating: 'up' })
    // An agent who is not a member rates through the app's backend (or the console).
    expect((await fixture.rest('PUT', '/agents/lin', { availability: 'offline' })).status).toBe(200)
    const agent = await fixture.rest('POST', `/conversations/${conversationId}/messages/${seq}/feedback`, { userId: 'lin', rating: 'down', reason: 'outdated' })
    expect(agent).toMatchObject({ status: 201, body: { userId: 'lin', rating: 'down' } })
    const history = await fixture.rest('GET', `/conversations/${conversationId}/messages/${seq}/feedback`)
    expect(history.body.feedback.map((entry: any) => [entry.userId, entry.rating])).toEqual([['alice', 'down'], ['alice', 'up'], ['lin', 'down']])

    // Refusals: someone else's token, a non-member, the user's own message, a message that is not there.
    const asBob = await fixture.server.rest('POST', `/api/v1/apps/${fixture.app.id}/conversations/${conversationId}/messages/${seq}/feedback`, { secret: fixture.tokens.bob!, body: { rating: 'up' } })
    expect(asBob).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } })
    const asAliceForBob = await fixture.server.rest('POST', `/api/v1/apps/${fixture.app.id}/conversations/${conversationId}/messages/${seq}/feedback`, { secret: fixture.tokens.alice!, body: { userId: 'bob', rating: 'up' } })
    expect(asAliceForBob.status).toBe(403)
    expect((await fixture.rest('POST', `/conversations/${conversationId}/messages/${seq - 1}/feedback`, { userId: 'alice', rating: 'up' })).body.error.code).toBe('validation_failed')
    expect((await fixture.rest('POST', `/conversations/${conversationId}/messages/999/feedback`, { userId: 'alice', rating: 'up' })).status).toBe(404)
    expect((await fixture.rest('POST', `/conversations/${conversationId}/messages/${seq}/feedback`, { userId: 'alice', rating: 'meh' })).status).toBe(400)

    const delivered = await receiver.waitFor(3)
    const events = delivered.map((request) => JSON.parse(request.body))
    expect(events.map((event) => [event.type, event.data.userId, event.data.rating])).toEqual([['bot.feedback', 'alice', 'down'], ['bot.feedback', 'alice', 'up'], ['bot.feedback', 'lin', 'down']])
  })

  it('groups declined and 👎 questions into gaps, adds an answer as a Q&A document, and builds an eval set from the signals', async () => {
    await ask('alice', 'helper', 'Can I pay with bitcoin?')
    await ask('bob', 'helper', 'Do you accept bitcoin payments?')
    await new Promise((resolve) => setTimeout(resolve, 100))
    const gaps = (await fixture.rest('GET', '/knowledge-gaps')).body.gaps
    expect(gaps[0]).toMatchObject({ count: 2, declined: 2, thumbsDown: 0, terms: expect.arrayContaining(['bitcoin']) })
    expect(gaps.some((gap: any) => gap.question === 'How much is the Pro plan?' && gap.thumbsDown === 1)).toBe(true) // lin's 👎 is current; alice changed hers to 👍

    const answered = await fixture.rest('POST', '/knowledge-gaps/answer', { knowledgeBaseId: fixture.kbId, question: gaps[0].question, alternatives: gaps[0].examples.map((example: any) => example.question), answer: 'We accept bank cards, Alipay and WeChat Pay; not bitcoin.' })
    expect(answered.status).toBe(201)
    await fixture.server.server.context.knowledge.whenIdle()
    // alice and bob were handed to a person when the bot found nothing: a new customer asks.
    const after = await ask('carol', 'helper', 'Do you accept bitcoin?')
    expect(after.final.body.text).toContain('Alipay')

    const set = await fixture.rest('POST', '/eval-sets/from-signals', { name: 'From production' })
    expect(set.status).toBe(201)
    expect(set.body.origin).toBe('signals')
    const questions = set.body.items.map((item: any) => item.question)
    expect(questions).toEqual(expect.arrayContaining(['How much is the Pro plan?', 'Can I pay with bitcoin?', 'Do you accept bitcoin payments?']))
    const priced = set.body.items.find((item: any) => item.question === 'How much is the Pro plan?')
    expect(priced.origin).toMatchObject({ kind: 'feedback', answerGiven: expect.stringContaining('99 yuan') })
  })

  it('splits users between variants stickily, applies the variant’s model, records it on every reply and reports outcomes per variant', async () => {
    await fixture.rest('POST', '/bots', { id: 'ab', name: 'AB', knowledgeBaseIds: [fixture.kbId], provider: { baseUrl: fixture.provider.baseURL, model: 'fake-small' } })
    const variants = [{ id: 'small', weight: 1, overrides: {} }, { id: 'large', weight: 1, overrides: { model: 'fake-large' } }]
    expect((await fixture.rest('PUT', '/bots/ab/variants', { variants })).status).toBe(200)
    expect((await fixture.rest('PUT', '/bots/ab/variants', { variants: [{ id: 'x', weight: 0, overrides: {} }] })).status).toBe(400)
    fixture.provider.reset()
    for (const user of ['alice', 'bob', 'alice']) {
      const { final, conversationId, seq } = await ask(user, 'ab', 'How much is the Pro plan?')
      const expected = assignVariant('ab', user, variants)
      expect(final.ext.variant).toBe(expected)
      const request = fixture.provider.requests.filter((entry) => entry.path.endsWith('/chat/completions')).at(-1)!
      expect(request.body.model).toBe(expected === 'large' ? 'fake-large' : 'fake-small')
      if (user === 'bob') await fixture.rest('POST', `/conversations/${conversationId}/messages/${seq}/feedback`, { userId: 'bob', rating: 'down' })
    }
    const outcomes = (await fixture.rest('GET', '/bots/ab/variants/outcomes')).body
    const byId = Object.fromEntries(outcomes.variants.map((variant: any) => [variant.id ?? variant.variantId, variant]))
    const aliceVariant = assignVariant('ab', 'alice', variants)!
    const bobVariant = assignVariant('ab', 'bob', variants)!
    expect(outcomes.variants.reduce((sum: number, variant: any) => sum + variant.replies, 0)).toBe(3)
    expect(byId[aliceVariant].replies).toBeGreaterThanOrEqual(2)
    expect(byId[bobVariant].thumbsDown).toBe(1)
    expect(byId[bobVariant].inputTokens).toBeGreaterThan(0)
    expect(outcomes.comparison.downRate.note).toMatch(/Too few observations|Not enough data/)
  })
})
