import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fakeProvider, startBotFixture, waitForReply, type BotFixture } from './bot-fixture.js'

const REFUNDS = '# Refunds 退款\n\nRefunds arrive within five working days after we receive the parcel. 收到退货后五个工作日内退款到账。'

describe('bots answer over the real WebSocket, streaming from a provider', () => {
  let fixture: BotFixture
  let kbId: string

  beforeAll(async () => {
    fixture = await startBotFixture(['alice', 'bob', 'carol'])
    kbId = await fixture.knowledgeBase('Refund policy', REFUNDS)
    await fixture.createBot({
      id: 'helper',
      name: 'Helper',
      systemPrompt: 'You are the ACME helper. Cite sources as [n].',
      knowledgeBaseIds: [kbId],
      provider: fakeProvider(fixture.provider),
    })
  })
  afterAll(async () => {
    await fixture.close()
  })

  it('streams a direct reply: a streaming message, deltas, then a final edit with citations that history keeps', async () => {
    fixture.provider.script([{ reply: 'Refunds arrive within five working days [1]. Anything else?', tokenIntervalMs: 5 }])
    const alice = await fixture.connect('alice')
    const direct = (await alice.request({ type: 'conversation.open-direct', peerId: 'helper' })).data
    const sent = await alice.sendMessage(direct.id, 'How long do refunds take?')
    const { message, deltas, final } = await waitForReply(alice, direct.id, 'helper', sent.seq)
    expect(message).toMatchObject({ status: 'streaming', body: { type: 'text' } })
    expect(deltas.length).toBeGreaterThan(0)
    expect(deltas.map((delta) => delta.text).join('')).toBe('Refunds arrive within five working days [1]. Anything else?')
    expect(deltas.every((delta, index) => index === 0 || delta.offset === deltas[index - 1].offset + deltas[index - 1].text.length)).toBe(true)
    expect(final).toMatchObject({ status: 'final', senderId: 'helper', body: { type: 'text', text: 'Refunds arrive within five working days [1]. Anything else?' } })
    expect(final.ext.citations).toEqual([expect.objectContaining({ index: 1, title: 'Refund policy', knowledgeBaseId: kbId, headingPath: ['Refunds 退款'] })])
    expect(alice.frames.some((frame) => frame.type === 'typing' && frame.userId === 'helper' && frame.active === true)).toBe(true)

    // the provider got the system prompt, the retrieved chunk and the question
    const request = fixture.provider.requests.at(-1)!
    expect(request.headers.authorization).toBe('Bearer sk-test-secret')
    const system = request.body.messages[0]
    expect(system.role).toBe('system')
    expect(system.content).toContain('You are the ACME helper.')
    expect(system.content).toContain('[1] Refund policy')
    expect(system.content).toContain('five working days')
    expect(request.body.messages.at(-1)).toEqual({ role: 'user', content: 'How long do refunds take?' })

    // a client that reconnects after the stream sees the final state through history
    const late = await fixture.connect('alice')
    const history = (await late.request({ type: 'history', conversationId: direct.id, afterSeq: 0 })).data
    const stored = history.events.find((event: any) => event.seq === message.seq)
    expect(stored).toMatchObject({ status: 'final', body: { text: 'Refunds arrive within five working days [1]. Anything else?' } })
    // The edit that ended the stream is the bot's text arriving, not an edit: history says nothing was edited.
    expect(stored.editedAt).toBeUndefined()
    expect(stored.ext.citations[0]).toMatchObject({ index: 1, documentId: expect.any(String), chunkId: expect.any(String) })
  })

  it('sends no personal data to the provider and restores it in what the user sees', async () => {
    const alice = await fixture.connect('alice')
    const direct = (await alice.request({ type: 'conversation.open-direct', peerId: 'helper' })).data
    const sent = await alice.sendMessage(direct.id, '请打我电话 13812345678 或发邮件到 alice@example.com')
    const { deltas, final } = await waitForReply(alice, direct.id, 'helper', sent.seq)
    const seen = JSON.stringify(fixture.provider.requests.at(-1)!.body)
    expect(seen).not.toContain('13812345678')
    expect(seen).not.toContain('alice@example.com')
    expect(seen).toContain('[PHONE_1]')
    expect(seen).toContain('[EMAIL_1]')
    // the fake provider echoes the (redacted) question; the user gets the real values back
    expect(final.body.text).toBe('Echo: 请打我电话 13812345678 或发邮件到 alice@example.com')
    expect(deltas.map((delta) => delta.text).join('')).toBe(final.body.text)
  })

  it('keeps placeholders stable across the turns of a conversation', async () => {
    const alice = await fixture.connect('alice')
    const direct = (await alice.request({ type: 'conversation.open-direct', peerId: 'helper' })).data
    const turns = ['我的电话 13812345678', '没有个人信息的问题', '还是 138 1234 5678，另一个 13900001111']
    for (const text of turns) {
      const sent = await alice.sendMessage(direct.id, text)
      await waitForReply(alice, direct.id, 'helper', sent.seq)
      await fixture.idle()
    }
    const questions = fixture.provider.requests.slice(-3).map((request) => request.body.messages.at(-1).content)
    expect(questions).toEqual(['我的电话 [PHONE_1]', '没有个人信息的问题', '还是 [PHONE_1]，另一个 [PHONE_2]'])
  })

  it('answers an @mention in a group, and stays quiet without one', async () => {
    const alice = await fixture.connect('alice')
    const bob = await fixture.connect('bob')
    const group = (await alice.request({ type: 'group.create', name: 'Support', memberIds: ['bob', 'helper'] })).data
    const quiet = await alice.sendMessage(group.id, 'Morning everyone')
    fixture.provider.script([{ reply: 'Within five working days [1].', tokenIntervalMs: 2 }])
    const asked = await alice.request({ type: 'message.send', clientMsgId: 'ask-1', conversationId: group.id, body: { type: 'text', text: '@Helper how long do refunds take?', mentions: ['helper'] } })
    const { message, deltas, final } = await waitForReply(bob, group.id, 'helper', asked.seq)
    expect(message.replyToSeq).toBe(asked.seq)
    expect(deltas.length).toBeGreaterThan(0)
    expect(final.body.text).toBe('Within five working days [1].')
    expect(final.ext.citations).toHaveLength(1)
    await fixture.idle()
    const history = (await bob.request({ type: 'history', conversationId: group.id, afterSeq: 0 })).data
    const botMessages = history.events.filter((event: any) => event.kind === 'message' && event.senderId === 'helper')
    expect(botMessages).toHaveLength(1)
    expect(botMessages[0].replyToSeq).not.toBe(quiet.seq)
  })

  it('falls back to the next model when the primary fails', async () => {
    await fixture.createBot({ id: 'fallback-bot', name: 'Fallback', provider: fakeProvider(fixture.provider, 'fake-primary', ['fake-backup']) })
    fixture.provider.script([
      { model: 'fake-primary', status: 500, times: 10 },
      { model: 'fake-backup', reply: 'The backup model answers.' },
    ])
    const alice = await fixture.connect('alice')
    const direct = (await alice.request({ type: 'conversation.open-direct', peerId: 'fallback-bot' })).data
    const sent = await alice.sendMessage(direct.id, 'Hello?')
    const { final } = await waitForReply(alice, direct.id, 'fallback-bot', sent.seq)
    expect(final.body.text).toBe('The backup model answers.')
    expect(final.ext.error).toBeUndefined()
    const models = fixture.provider.requests.slice(-3).map((request) => request.body.model)
    expect(models).toContain('fake-primary')
    expect(models.at(-1)).toBe('fake-backup')
  })

  it('says clearly that the assistant is unavailable when every model fails, without hanging', async () => {
    await fixture.createBot({ id: 'broken-bot', name: 'Broken', provider: fakeProvider(fixture.provider, 'fake-primary', ['fake-backup']) })
    fixture.provider.script([{ status: 503, times: 20 }])
    const alice = await fixture.connect('alice')
    const direct = (await alice.request({ type: 'conversation.open-direct', peerId: 'broken-bot' })).data
    const sent = await alice.sendMessage(direct.id, 'Anyone there?')
    const { message, final } = await waitForReply(alice, direct.id, 'broken-bot', sent.seq)
    expect(message.status).toBe('streaming')
    expect(final.status).toBe('final')
    expect(final.body.text).toContain('unavailable')
    expect(final.ext.error).toBe('upstream_failed')
    fixture.provider.reset()
  })

  it('refuses with a clear message once the user has used up the daily quota, without calling the provider', async () => {
    await fixture.createBot({ id: 'metered', name: 'Metered', provider: fakeProvider(fixture.provider), quotas: { userDailyTokens: 5 } })
    const bob = await fixture.connect('bob')
    const direct = (await bob.request({ type: 'conversation.open-direct', peerId: 'metered' })).data
    const first = await bob.sendMessage(direct.id, 'First question, answered')
    const answered = await waitForReply(bob, direct.id, 'metered', first.seq)
    expect(answered.final.body.text).toBe('Echo: First question, answered')
    await fixture.idle()
    const calls = fixture.provider.requests.length
    const second = await bob.sendMessage(direct.id, 'Second question')
    const { final } = await waitForReply(bob, direct.id, 'metered', second.seq)
    expect(final.ext.error).toBe('quota_exceeded')
    expect(final.body.text).toContain('quota')
    expect(fixture.provider.requests.length).toBe(calls)
  })

  it('stops a streaming reply on bot.cancel and keeps the text so far', async () => {
    const long = Array.from({ length: 200 }, (_, index) => `word${index} `)
    fixture.provider.script([{ chunks: long, tokenIntervalMs: 20 }])
    const carol = await fixture.connect('carol')
    const direct = (await carol.request({ type: 'conversation.open-direct', peerId: 'helper' })).data
    const sent = await carol.sendMessage(direct.id, 'Tell me a long story')
    const message = await carol.waitFor((frame) => frame.type === 'event' && frame.conversationId === direct.id && frame.senderId === 'helper' && frame.seq > sent.seq)
    await carol.waitFor((frame) => frame.type === 'message.delta' && frame.seq === message.seq)
    const cancelled = await carol.request({ type: 'bot.cancel', conversationId: direct.id, seq: message.seq })
    expect(cancelled.data).toMatchObject({ cancelled: true })
    const final = await carol.waitFor((frame) => frame.type === 'event' && frame.kind === 'edit' && frame.targetSeq === message.seq)
    expect(final.ext.cancelled).toBe(true)
    expect(final.body.text.startsWith('word0 ')).toBe(true)
    expect(final.body.text.length).toBeLessThan(long.join('').length)
    const outsider = await fixture.connect('bob')
    expect(await outsider.request({ type: 'bot.cancel', conversationId: direct.id, seq: message.seq })).toMatchObject({ type: 'error', code: 'not_member' })
  })
})
