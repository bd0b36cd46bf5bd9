import { afterEach, describe, expect, it } from 'vitest'
import { startSupportFixture, until, type SupportFixture } from './support-fixture.js'

const text = (message: { body?: unknown }) => ((message.body as { text?: string } | undefined)?.text ?? '')

describe('customer service against a real server', () => {
  let fixture: SupportFixture
  afterEach(async () => {
    await fixture?.close()
  })

  it('"转人工" hands off: notices in Chinese, the agent joins and replies, the bot stays silent and is refused, resolve returns it to the bot', async () => {
    fixture = await startSupportFixture(['cus', 'lin'])
    await fixture.agent('lin', { capacity: 2 })
    const lin = await fixture.connect('lin')
    const customer = await fixture.connect('cus')
    const conversation = await customer.client.openDirect('helper')
    await customer.client.send(conversation.id, { type: 'text', text: '转人工' })

    const joined = await until(() => customer.notices.find((notice) => (notice.data as any)?.support === 'assigned'), 'the agent joining')
    expect(customer.notices.map(text)).toEqual(['正在为您转接人工客服…', '客服 Lin 已加入'])
    expect(joined.senderId).toBe('lin')
    await until(() => lin.notices.find((notice) => (notice.data as any)?.support === 'assigned' && notice.conversationId === conversation.id), 'the agent notified')
    const state = await fixture.rest('GET', `/conversations/${conversation.id}/support`)
    expect(state.body).toMatchObject({ status: 'assigned', assigneeId: 'lin', customerId: 'cus', reason: 'customer_request', priority: 'normal' })
    expect(state.body.summary).toContain('转人工')
    // The bot did not answer "转人工" (it has said nothing at all).
    await fixture.server.server.context.botRuntime.idle()
    expect(customer.messages.filter((message) => message.senderId === 'helper')).toEqual([])

    // The agent sees the whole history, and the bot may not post while a person owns it.
    const history = await lin.client.history(conversation.id, { afterSeq: 0, limit: 50 })
    expect(history.messages.map(text)).toContain('转人工')
    const refused = await fixture.rest('POST', '/messages', { from: 'helper', conversationId: conversation.id, body: { type: 'text', text: 'I am the bot' } })
    expect(refused.status).toBe(409)
    expect(refused.body.error.code).toBe('conflict')

    await customer.client.send(conversation.id, { type: 'text', text: '我的订单没到' })
    await lin.client.send(conversation.id, { type: 'text', text: '您好，我来帮您查一下' })
    await until(() => customer.messages.find((message) => message.senderId === 'lin'), 'the agent’s reply')
    await fixture.server.server.context.botRuntime.idle()
    expect(customer.messages.filter((message) => message.senderId === 'helper')).toEqual([])
    const answered = await fixture.rest('GET', `/conversations/${conversation.id}/support`)
    expect(answered.body.firstResponseAt).toBeGreaterThanOrEqual(answered.body.assignedAt)

    // Resolve: the customer's next message goes to the bot again.
    const resolved = await fixture.rest('PATCH', `/conversations/${conversation.id}/support`, { status: 'resolved' })
    expect(resolved.body).toMatchObject({ status: 'resolved' })
    await until(() => customer.notices.find((notice) => (notice.data as any)?.support === 'resolved'), 'the resolution notice')
    expect((await fixture.rest('GET', '/agents')).body.agents).toEqual([expect.objectContaining({ userId: 'lin', online: true, openCount: 0 })])
    await customer.client.send(conversation.id, { type: 'text', text: 'What are your opening hours?' })
    const answer = await until(() => customer.messages.find((message) => message.senderId === 'helper'), 'the bot answering again', 8000)
    expect(text(answer)).toMatch(/don't know|不知道/)
    // The offline bot found nothing: a new hand-off for missing knowledge, to the free agent.
    const again = await until(async () => {
      const body = (await fixture.rest('GET', `/conversations/${conversation.id}/support`)).body
      return body.status === 'assigned' && body.reason === 'missing_knowledge' ? body : undefined
    }, 'the missing-knowledge hand-off')
    expect(again.summary).toContain('opening hours')
  })

  it('ten hand-offs at once with two agents of capacity 1: one each, eight queued, resolving frees the oldest', async () => {
    fixture = await startSupportFixture(['amy', 'lin', ...Array.from({ length: 10 }, (_, index) => `c${index}`)])
    const conversations: string[] = []
    for (let index = 0; index < 10; index++) {
      const sent = await fixture.rest('POST', '/messages', { from: `c${index}`, to: 'helper', body: { type: 'text', text: 'hello' } })
      conversations.push(sent.body.conversationId)
    }
    await fixture.server.server.context.botRuntime.idle()
    await fixture.agent('amy', { capacity: 1 })
    await fixture.agent('lin', { capacity: 1 })
    await fixture.connect('amy')
    await fixture.connect('lin')
    const answers = await Promise.all(conversations.map((id) => fixture.rest('POST', `/conversations/${id}/handoff`, { reason: 'other' })))
    expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(200))
    await fixture.server.server.context.support.loop.idle()
    const assigned = (await fixture.rest('GET', '/support/conversations?status=assigned')).body
    const queued = (await fixture.rest('GET', '/support/conversations?status=queued')).body
    expect(assigned.conversations.map((entry: any) => entry.support.assigneeId).sort()).toEqual(['amy', 'lin'])
    expect(queued.conversations).toHaveLength(8)
    expect(queued.counts).toMatchObject({ queued: 8, assigned: 2 })
    const agents = (await fixture.rest('GET', '/agents')).body.agents
    expect(agents.map((agent: any) => agent.openCount)).toEqual([1, 1])

    const oldest = queued.conversations[0].conversationId
    // Each customer left waiting is told where they are in the line.
    const waitingNotices = await Promise.all(
      queued.conversations.map(async (entry: any) => (await fixture.rest('GET', `/conversations/${entry.conversationId}/messages?afterSeq=0&limit=50`)).body.events.find((event: any) => event.data?.support === 'queued')),
    )
    expect(waitingNotices.every((event: any) => event && /number \d+ in line/.test(event.body.text))).toBe(true)
    expect(new Set(waitingNotices.map((event: any) => event.data.position)).size).toBeGreaterThan(1)
    const freed = assigned.conversations[0]
    await fixture.rest('PATCH', `/conversations/${freed.conversationId}/support`, { status: 'resolved' })
    const next = await until(async () => {
      const state = (await fixture.rest('GET', `/conversations/${oldest}/support`)).body
      return state.status === 'assigned' ? state : undefined
    }, 'the oldest queued conversation assigned')
    expect(next.assigneeId).toBe(freed.support.assigneeId)
    expect((await fixture.rest('GET', '/support/conversations?status=queued')).body.counts.queued).toBe(7)
  })

  it('uses a bot’s own hand-off phrases in place of the app’s', async () => {
    fixture = await startSupportFixture(['cus', 'lin'])
    expect((await fixture.rest('POST', '/bots', { id: 'desk', name: 'Desk', handoffPhrases: ['operator'] })).body.handoffPhrases).toEqual(['operator'])
    await fixture.agent('lin')
    await fixture.connect('lin')
    const customer = await fixture.connect('cus')
    const conversation = await customer.client.openDirect('desk')
    await customer.client.send(conversation.id, { type: 'text', text: '转人工' })
    await until(() => customer.messages.find((message) => message.senderId === 'desk'), 'the bot answering')
    // The bot found nothing, so that was a missing-knowledge hand-off, not the phrase.
    const first = await until(async () => {
      const body = (await fixture.rest('GET', `/conversations/${conversation.id}/support`)).body
      return body.status === 'assigned' ? body : undefined
    }, 'the hand-off')
    expect(first.reason).toBe('missing_knowledge')
    await fixture.rest('PATCH', `/conversations/${conversation.id}/support`, { status: 'bot' })
    await customer.client.send(conversation.id, { type: 'text', text: 'Operator, please' })
    const second = await until(async () => {
      const body = (await fixture.rest('GET', `/conversations/${conversation.id}/support`)).body
      return body.status === 'assigned' && body.reason === 'customer_request' ? body : undefined
    }, 'the phrase hand-off')
    expect(second.summary).toContain('Operator, please')
  })

  it('an agent’s message in a conversation the bot owns takes it over, and the bot then stays silent', async () => {
    fixture = await startSupportFixture(['cus', 'lin'])
    await fixture.agent('lin')
    const lin = await fixture.connect('lin')
    const customer = await fixture.connect('cus')
    const conversation = await customer.client.openDirect('helper')
    await fixture.rest('POST', `/conversations/${conversation.id}/handoff`, { reason: 'other' })
    await fixture.rest('PATCH', `/conversations/${conversation.id}/support`, { status: 'bot' })
    expect((await fixture.rest('GET', `/conversations/${conversation.id}/support`)).body.status).toBe('bot')
    expect((await fixture.rest('GET', '/agents')).body.agents[0].openCount).toBe(0)

    // Lin is still a member from the first hand-off; her message takes the conversation back.
    await lin.client.send(conversation.id, { type: 'text', text: 'Lin again — I will handle this.' })
    const taken = (await fixture.rest('GET', `/conversations/${conversation.id}/support`)).body
    expect(taken).toMatchObject({ status: 'assigned', assigneeId: 'lin', reason: 'other' })
    await until(async () => (await fixture.rest('GET', `/conversations/${conversation.id}/support`)).body.firstResponseAt, 'the first response recorded')
    const botMessagesBefore = customer.messages.filter((message) => message.senderId === 'helper').length
    await customer.client.send(conversation.id, { type: 'text', text: 'What are your opening hours?' })
    await until(() => lin.messages.find((message) => text(message) === 'What are your opening hours?'), 'Lin seeing the question')
    await fixture.server.server.context.botRuntime.idle()
    expect(customer.messages.filter((message) => message.senderId === 'helper')).toHaveLength(botMessagesBefore)
    expect((await fixture.rest('GET', '/agents')).body.agents[0].openCount).toBe(1)
  })
})
