import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fakeProvider, startBotFixture, waitForReply, type BotFixture } from './bot-fixture.js'

describe('bot management, offline answers, loop guard and busy bots', () => {
  let fixture: BotFixture

  beforeAll(async () => {
    fixture = await startBotFixture(['alice', 'bob'])
  })
  afterAll(async () => {
    await fixture.close()
  })

  it('creates, reads, updates and deletes a bot without ever returning or storing the API key in clear', async () => {
    const { server, app } = fixture
    const bot = await fixture.createBot({ id: 'secretive', name: 'Secretive', provider: fakeProvider(fixture.provider) })
    expect(bot).toMatchObject({ id: 'secretive', provider: { model: 'fake-primary', apiKeySet: true }, redactPii: true, triggers: { direct: true, mention: true } })
    expect(JSON.stringify(bot)).not.toContain('sk-test-secret')
    const user = await server.rest('GET', `/api/v1/apps/${app.id}/users/secretive`, { secret: app.secret })
    expect(user.body).toMatchObject({ id: 'secretive', kind: 'bot', name: 'Secretive' })
    const database = readFileSync(join(server.dataDir, 'warbler.db'))
    expect(database.includes(Buffer.from('sk-test-secret'))).toBe(false)
    expect(statSync(join(server.dataDir, 'secret-key')).mode & 0o777).toBe(0o600)

    const patched = await server.rest('PATCH', `/api/v1/apps/${app.id}/bots/secretive`, { secret: app.secret, body: { name: 'Quiet', provider: { model: 'fake-backup' } } })
    expect(patched.body).toMatchObject({ name: 'Quiet', provider: { model: 'fake-backup', apiKeySet: true } })
    const listed = await server.rest('GET', `/api/v1/apps/${app.id}/bots`, { secret: app.secret })
    expect(listed.body.bots.map((entry: any) => entry.id)).toContain('secretive')
    expect(JSON.stringify(listed.body)).not.toContain('sk-test-secret')
    const removed = await server.rest('PATCH', `/api/v1/apps/${app.id}/bots/secretive`, { secret: app.secret, body: { provider: null } })
    expect(removed.body.provider).toBeNull()
    expect((await server.rest('POST', `/api/v1/apps/${app.id}/bots`, { secret: app.secret, body: { id: 'secretive', name: 'Again' } })).status).toBe(409)
    expect((await server.rest('POST', `/api/v1/apps/${app.id}/bots`, { secret: app.secret, body: { name: 'Bad kb', knowledgeBaseIds: ['kb_missing'] } })).status).toBe(404)
    expect((await server.rest('DELETE', `/api/v1/apps/${app.id}/bots/secretive`, { secret: app.secret })).status).toBe(200)
    expect((await server.rest('GET', `/api/v1/apps/${app.id}/bots/secretive`, { secret: app.secret })).status).toBe(404)
  })

  it('puts the default instructions back when they are cleared, and removes temperature and maxOutputTokens set to null', async () => {
    const { server, app } = fixture
    const bot = await fixture.createBot({ id: 'tunable', name: 'Tunable', systemPrompt: '   ', temperature: 0.4, maxOutputTokens: 300 })
    const defaultPrompt = bot.systemPrompt
    expect(defaultPrompt).toContain('Answer from the numbered sources')
    const path = `/api/v1/apps/${app.id}/bots/tunable`
    const custom = await server.rest('PATCH', path, { secret: app.secret, body: { systemPrompt: 'Answer like a pirate.' } })
    expect(custom.body.systemPrompt).toBe('Answer like a pirate.')
    const cleared = await server.rest('PATCH', path, { secret: app.secret, body: { systemPrompt: '', temperature: null, maxOutputTokens: null, triggers: { keywords: ['refund'] }, quotas: { userDailyTokens: 5000 } } })
    expect(cleared.status).toBe(200)
    expect(cleared.body.systemPrompt).toBe(defaultPrompt)
    expect(cleared.body.temperature).toBeUndefined()
    expect(cleared.body.maxOutputTokens).toBeUndefined()
    expect(cleared.body).toMatchObject({ triggers: { direct: true, mention: true, keywords: ['refund'] }, quotas: { userDailyTokens: 5000 } })
    expect((await server.rest('PATCH', path, { secret: app.secret, body: { temperature: 3 } })).status).toBe(400)
  })

  it('greets a new direct conversation, answers offline from its knowledge base with quoted sources, and offers a person when it finds nothing', async () => {
    const kbId = await fixture.knowledgeBase('Opening hours', '# Opening hours 营业时间\n\nThe Shanghai store opens from 9:00 to 21:00 every day. 上海门店每天 9:00 至 21:00 营业。')
    await fixture.createBot({ id: 'librarian', name: 'Librarian', knowledgeBaseIds: [kbId], welcomeMessage: 'Ask me about our stores.' })
    const alice = await fixture.connect('alice')
    const direct = (await alice.request({ type: 'conversation.open-direct', peerId: 'librarian' })).data
    const welcome = await alice.waitFor((frame) => frame.type === 'event' && frame.conversationId === direct.id && frame.senderId === 'librarian')
    expect(welcome.body.text).toBe('Ask me about our stores.')
    const asked = await alice.sendMessage(direct.id, 'When does the Shanghai store open?')
    const { final } = await waitForReply(alice, direct.id, 'librarian', asked.seq)
    expect(final.status).toBe('final')
    expect(final.body.text).toContain('9:00 to 21:00')
    expect(final.body.text.startsWith('Here is what I found in the knowledge base:')).toBe(true)
    expect(final.body.text).toContain('[1]')
    expect(final.ext.citations[0]).toMatchObject({ index: 1, title: 'Opening hours', knowledgeBaseId: kbId, headingPath: ['Opening hours 营业时间'] })
    expect(final.ext.citations[0].text).toContain('9:00 to 21:00')
    expect(final.ext.handoff).toBeUndefined()

    const unknown = await alice.sendMessage(direct.id, 'zxqv blorf?')
    const { final: dontKnow } = await waitForReply(alice, direct.id, 'librarian', unknown.seq)
    expect(dontKnow.body.text).toContain("I don't know")
    expect(dontKnow.body.text).not.toContain('我不知道')
    expect(dontKnow.ext).toMatchObject({ handoff: true, handoffReason: 'missing_knowledge', citations: [] })
    const store = fixture.server.server.context.storage.bots!
    expect((await store.usage(fixture.app.id, { fromDay: '2000-01-01', toDay: '2999-12-31', botId: 'librarian' })).handoffs).toBe(1)
  })

  it('stops two bots from answering each other forever', async () => {
    fixture.provider.script([{ reply: 'ping pong', times: 50 }])
    await fixture.createBot({ id: 'ping-bot', name: 'Ping', provider: fakeProvider(fixture.provider), triggers: { keywords: ['ping'] } })
    await fixture.createBot({ id: 'pong-bot', name: 'Pong', provider: fakeProvider(fixture.provider), triggers: { keywords: ['ping'] } })
    const alice = await fixture.connect('alice')
    const group = (await alice.request({ type: 'group.create', name: 'Bots', memberIds: ['ping-bot', 'pong-bot'] })).data
    await alice.sendMessage(group.id, 'ping?')
    await alice.waitFor((frame) => frame.type === 'event' && frame.conversationId === group.id && frame.kind === 'edit')
    await fixture.idle()
    await new Promise((resolve) => setTimeout(resolve, 300))
    await fixture.idle()
    const history = (await alice.request({ type: 'history', conversationId: group.id, afterSeq: 0, limit: 200 })).data
    const botMessages = history.events.filter((event: any) => event.kind === 'message' && event.senderId !== 'alice')
    // both answered alice, then each answered the other once; then the guard stopped them
    expect(botMessages.length).toBeGreaterThanOrEqual(3)
    expect(botMessages.length).toBeLessThanOrEqual(6)
    const bySeq = new Map(history.events.map((event: any) => [event.seq, event]))
    expect(botMessages.some((message: any) => (bySeq.get(message.replyToSeq) as any)?.senderId !== 'alice')).toBe(true)
    expect(botMessages.every((message: any) => (bySeq.get(message.replyToSeq) as any)?.senderId !== message.senderId)).toBe(true)
  })

  it('tells users it is busy when its queue is full (limit 1, queue 2) instead of queueing without bound', async () => {
    fixture.provider.reset()
    fixture.provider.script([{ reply: 'a slow answer in many words', tokenIntervalMs: 40, times: 20 }])
    await fixture.createBot({ id: 'narrow', name: 'Narrow', provider: fakeProvider(fixture.provider), maxConcurrency: 1 })
    const { server, app } = fixture
    const group = await server.rest('POST', `/api/v1/apps/${app.id}/groups`, { secret: app.secret, body: { name: 'Crowd', ownerId: 'alice', memberIds: ['bob', 'narrow'] } })
    const bob = await fixture.connect('bob')
    const questions = Array.from({ length: 6 }, (_, index) =>
      server.rest('POST', `/api/v1/apps/${app.id}/messages`, {
        secret: app.secret,
        body: { from: 'alice', conversationId: group.body.id, body: { type: 'text', text: `question ${index}`, mentions: ['narrow'] } },
      }),
    )
    await Promise.all(questions)
    const busy = await bob.waitFor((frame) => frame.type === 'event' && frame.senderId === 'narrow' && frame.ext?.error === 'busy', 8_000)
    expect(busy.body.text).toContain('busy')
    await fixture.idle()
  })
})
