import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fakeProvider, startBotFixture, type BotFixture } from '../bots/bot-fixture.js'
import { createOwner, signIn } from './console-client.js'

const HANDBOOK = '# Refunds\n\nRefunds are paid back to the original card within 5 working days after we receive the parcel.\n\n# Shipping\n\nOrders ship from Hangzhou every weekday before 16:00.\n'

describe('the console test chat: a bot’s answer with its retrieved passages', () => {
  let fixture: BotFixture
  let kbId: string

  beforeAll(async () => {
    fixture = await startBotFixture(['alice'])
    kbId = await fixture.knowledgeBase('Handbook', HANDBOOK)
    await fixture.createBot({ id: 'clerk', name: 'Clerk', knowledgeBaseIds: [kbId] })
    await fixture.createBot({ id: 'writer', name: 'Writer', knowledgeBaseIds: [kbId], provider: fakeProvider(fixture.provider) })
  })
  afterAll(async () => {
    await fixture.close()
  })

  it('answers extractively with every passage, its score and whether the gate let it through; posts nothing', async () => {
    const { server, app } = fixture
    const answer = await server.rest('POST', `/api/v1/apps/${app.id}/bots/clerk/test-answer`, { secret: app.secret, body: { question: 'How long do refunds take to reach my card?' } })
    expect(answer.status).toBe(200)
    expect(answer.body.answer).toContain('5 working days')
    expect(answer.body).toMatchObject({ handoff: false, model: null, inputTokens: 0, error: null, gate: { relevant: true } })
    expect(answer.body.passages.length).toBeGreaterThan(0)
    const top = answer.body.passages[0]
    expect(top).toMatchObject({ title: 'Handbook', headingPath: ['Refunds'], relevant: true, cited: true })
    expect(top.score).toBeGreaterThan(0)
    expect(answer.body.citations[0].chunkId).toBe(top.chunkId)
    // Nothing was posted: the bot has no conversation.
    const conversations = await server.rest('GET', `/api/v1/apps/${app.id}/users/clerk/conversations`, { secret: app.secret })
    expect(conversations.body.conversations ?? conversations.body.items ?? []).toHaveLength(0)
  })

  it('declines an off-topic question and says why (the gate)', async () => {
    const { server, app } = fixture
    const answer = await server.rest('POST', `/api/v1/apps/${app.id}/bots/clerk/test-answer`, { secret: app.secret, body: { question: 'zxqv blorf quux?' } })
    expect(answer.body).toMatchObject({ handoff: true, gate: { relevant: false } })
    expect(answer.body.passages.every((passage: { relevant: boolean }) => !passage.relevant)).toBe(true)
  })

  it('a model-backed bot answers through its model with token counts', async () => {
    const { server, app, provider } = fixture
    provider.script([{ reply: 'Refunds take 5 working days [1].' }])
    const answer = await server.rest('POST', `/api/v1/apps/${app.id}/bots/writer/test-answer`, { secret: app.secret, body: { question: 'How long do refunds take to reach my card?' } })
    expect(answer.body).toMatchObject({ answer: 'Refunds take 5 working days [1].', model: 'fake-primary', handoff: false })
    expect(answer.body.inputTokens).toBeGreaterThan(0)
    expect(answer.body.passages.find((passage: { cited: boolean }) => passage.cited)?.headingPath).toEqual(['Refunds'])
  })

  it('through the console it is audited with the account as actor, and rate-limited', async () => {
    const { server, app } = fixture
    const owner = await signIn(server, await createOwner(server))
    const path = `/apps/${app.id}/api/bots/clerk/test-answer`
    const first = await owner.call('POST', path, { question: 'refunds card' })
    expect(first.status).toBe(200)
    const audit = await owner.call('GET', `/audit?appId=${app.id}`)
    const entry = (audit.body.entries ?? audit.body.items).find((item: { action: string }) => item.action === 'POST /api/v1/apps/:appId/bots/:botId/test-answer')
    expect(entry).toMatchObject({ actorType: 'console', actorId: 'owner@example.com' })
    const statuses: number[] = []
    for (let index = 0; index < 25; index++) statuses.push((await owner.call('POST', path, { question: 'refunds card' })).status)
    expect(statuses).toContain(429)
    const refused = await owner.call('POST', path, { question: 'refunds card' })
    expect(refused.body.error.code).toBe('rate_limited')
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
    // Agents may try a bot (their own allowance); viewers may not.
    for (const role of ['agent', 'viewer'] as const) {
      expect((await owner.call('POST', '/accounts', { email: `${role}@example.com`, password: `${role} password 1`, name: role, role })).status).toBe(201)
    }
    const agent = await signIn(server, { email: 'agent@example.com', password: 'agent password 1' })
    expect((await agent.call('POST', path, { question: 'refunds card' })).status).toBe(200)
    const viewer = await signIn(server, { email: 'viewer@example.com', password: 'viewer password 1' })
    expect((await viewer.call('POST', path, { question: 'refunds card' })).status).toBe(403)
  })

  it('re-indexes a document from its stored source', async () => {
    const { server, app } = fixture
    const base = `/api/v1/apps/${app.id}/knowledge-bases/${kbId}`
    const [document] = (await server.rest('GET', `${base}/documents`, { secret: app.secret })).body.documents
    const again = await server.rest('POST', `${base}/documents/${document.id}/reindex`, { secret: app.secret })
    expect(again.status).toBe(202)
    expect(again.body.status).toBe('queued')
    await server.server.context.knowledge.whenIdle()
    const done = await server.rest('GET', `${base}/documents/${document.id}`, { secret: app.secret })
    expect(done.body).toMatchObject({ status: 'ready', chunkCount: document.chunkCount })
    expect((await server.rest('POST', `${base}/documents/doc_missing/reindex`, { secret: app.secret })).status).toBe(404)
  })
})
