import { WarblerClient } from '@warbler/sdk'
import { afterEach, describe, expect, it } from 'vitest'
import { createUsers } from '../helpers/test-server.js'
import { startWidgetFixture, type WidgetFixture } from '../widget/widget-fixture.js'
import { startSupportFixture, until, type SupportFixture } from './support-fixture.js'

const text = (message: { body?: unknown }) => ((message.body as { text?: string } | undefined)?.text ?? '')

describe('customer service over the user’s own connection (client.support)', () => {
  let fixture: SupportFixture
  afterEach(async () => {
    await fixture?.close()
  })

  it('an agent works a hand-off entirely over their own connection: queue, take, reply, note, transfer, snooze, resolve, availability', async () => {
    fixture = await startSupportFixture(['cus', 'lin', 'max'])
    await fixture.agent('lin', { teams: ['billing'] })
    await fixture.agent('max', { teams: ['billing'] })
    const lin = await fixture.connect('lin')
    const max = await fixture.connect('max')
    // Both step away over their own connections, so the hand-off waits in the queue.
    expect(await lin.client.support.setAvailability('busy')).toMatchObject({ userId: 'lin', availability: 'busy', online: true })
    expect(await max.client.support.setAvailability('offline')).toMatchObject({ userId: 'max', availability: 'offline' })

    const customer = await fixture.connect('cus')
    const conversation = await customer.client.openDirect('helper')
    await customer.client.send(conversation.id, { type: 'text', text: 'I want to talk to a human' })
    await until(() => customer.notices.find((notice) => text(notice) === 'Connecting you to a person…'), 'the hand-off notice')

    const queue = await lin.client.support.queue()
    expect(queue.conversations.map((row) => row.conversationId)).toEqual([conversation.id])
    expect(queue.conversations[0]).toMatchObject({ customerId: 'cus', support: { status: 'queued', reason: 'customer_request' } })
    expect(queue.counts).toMatchObject({ queued: 1, assigned: 0 })

    // Take it, reply with the ordinary client, write a private note.
    expect(await lin.client.support.take(conversation.id)).toMatchObject({ status: 'assigned', assigneeId: 'lin' })
    await until(() => customer.notices.find((notice) => text(notice) === 'Lin (agent) joined'), 'the joined notice')
    const mine = await lin.client.support.mine()
    expect(mine.conversations.map((row) => row.conversationId)).toEqual([conversation.id])
    expect(mine.counts.mine).toBe(1)
    await lin.client.send(conversation.id, { type: 'text', text: 'Hi, I am Lin. Let me look.' })
    await until(() => customer.messages.find((message) => message.senderId === 'lin' && text(message) === 'Hi, I am Lin. Let me look.'), 'the agent’s reply')
    expect(await lin.client.support.note(conversation.id, 'Refund approved by Max')).toMatchObject({ authorId: 'lin', text: 'Refund approved by Max' })
    expect((await max.client.support.notes(conversation.id)).map((note) => note.text)).toEqual(['Refund approved by Max'])
    expect((await lin.client.support.get(conversation.id)).firstResponseAt).toBeGreaterThan(0)

    // Transfer to a colleague, who snoozes it; then to the team (back to the queue) and lin takes it again.
    expect(await lin.client.support.assign(conversation.id, 'max')).toMatchObject({ status: 'assigned', assigneeId: 'max' })
    const snoozedUntil = Date.now() + 3_600_000
    expect(await max.client.support.snooze(conversation.id, snoozedUntil)).toMatchObject({ status: 'snoozed', snoozedUntil })
    expect(await max.client.support.transferToTeam(conversation.id, 'billing')).toMatchObject({ status: 'queued', team: 'billing' })
    expect(await lin.client.support.take(conversation.id)).toMatchObject({ status: 'assigned', assigneeId: 'lin' })
    expect((await lin.client.support.agents()).find((agent) => agent.userId === 'lin')).toMatchObject({ openCount: 1, online: true })

    // Resolve: the customer is told and may rate.
    expect(await lin.client.support.resolve(conversation.id)).toMatchObject({ status: 'resolved' })
    await until(() => customer.notices.find((notice) => (notice.data as { support?: string } | undefined)?.support === 'resolved'), 'the resolved notice')

    // Going online over the connection assigns what waits at once.
    const other = await fixture.rest('POST', '/messages', { from: 'cus', to: 'max', body: { type: 'text', text: 'hello max' } })
    await fixture.rest('POST', `/conversations/${other.body.conversationId}/handoff`, { reason: 'policy' })
    expect((await lin.client.support.get(other.body.conversationId)).status).toBe('queued')
    await lin.client.support.setAvailability('online')
    await until(async () => (await lin.client.support.get(other.body.conversationId)).assigneeId === 'lin', 'the assignment after going online', 3000)
  })

  it('a customer rates their resolved conversation once; a second rating of that resolution is refused', async () => {
    fixture = await startSupportFixture(['cus', 'lin', 'eve'])
    await fixture.agent('lin')
    const lin = await fixture.connect('lin')
    const customer = await fixture.connect('cus')
    const eve = await fixture.connect('eve')
    const conversation = await customer.client.openDirect('helper')
    // Not resolved yet: nothing to rate.
    await expect(customer.client.support.rate(conversation.id, 5)).rejects.toMatchObject({ code: 'conversation_not_found' })
    await customer.client.send(conversation.id, { type: 'text', text: '转人工' })
    await until(async () => (await lin.client.support.get(conversation.id)).status === 'assigned', 'the assignment')
    await expect(customer.client.support.rate(conversation.id, 5)).rejects.toMatchObject({ code: 'conflict' })
    await lin.client.support.resolve(conversation.id)

    expect(await customer.client.support.rate(conversation.id, 4, 'Quick and kind')).toMatchObject({ conversationId: conversation.id, userId: 'cus', rating: 4, comment: 'Quick and kind' })
    await expect(customer.client.support.rate(conversation.id, 1)).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/rated already/) })
    // Someone else: neither the agent (a member, not the customer) nor a stranger may rate it.
    await expect(lin.client.support.rate(conversation.id, 1)).rejects.toMatchObject({ code: 'forbidden' })
    await expect(eve.client.support.rate(conversation.id, 1)).rejects.toMatchObject({ code: 'conversation_not_found' })
    const analytics = await fixture.rest('GET', '/support/analytics')
    expect(analytics.body.csat.byAgent).toEqual([{ agentId: 'lin', count: 1, average: 4 }])
  })

  it('refuses agent actions to a user who is not an agent with `forbidden`', async () => {
    fixture = await startSupportFixture(['cus', 'lin'])
    await fixture.agent('lin', { availability: 'busy' })
    await fixture.connect('lin')
    const customer = await fixture.connect('cus')
    const conversation = await customer.client.openDirect('helper')
    await customer.client.send(conversation.id, { type: 'text', text: 'human' })
    await until(async () => (await fixture.rest('GET', `/conversations/${conversation.id}/support`)).body.status === 'queued', 'the hand-off')

    const refusals = [
      customer.client.support.queue(),
      customer.client.support.get(conversation.id),
      customer.client.support.take(conversation.id),
      customer.client.support.resolve(conversation.id),
      customer.client.support.note(conversation.id, 'I am an agent now'),
      customer.client.support.notes(conversation.id),
      customer.client.support.agents(),
      customer.client.support.setAvailability('online'),
    ]
    for (const refusal of refusals) await expect(refusal).rejects.toMatchObject({ code: 'forbidden', message: 'Only agents of this app can work support conversations.' })
    expect((await fixture.rest('GET', `/conversations/${conversation.id}/support`)).body).toMatchObject({ status: 'queued' })
    expect((await fixture.rest('GET', `/conversations/${conversation.id}/notes`)).body.notes).toEqual([])
    expect((await fixture.rest('GET', '/agents')).body.agents.map((agent: { userId: string }) => agent.userId)).toEqual(['lin'])
  })

  it('answers another app’s conversation id with conversation_not_found', async () => {
    fixture = await startSupportFixture(['cus', 'lin'])
    await fixture.agent('lin')
    await fixture.connect('lin')
    const customer = await fixture.connect('cus')
    const conversation = await customer.client.openDirect('helper')
    await customer.client.send(conversation.id, { type: 'text', text: 'human' })
    await until(async () => (await fixture.rest('GET', `/conversations/${conversation.id}/support`)).body.status === 'assigned', 'the assignment')
    await fixture.rest('PATCH', `/conversations/${conversation.id}/support`, { status: 'resolved' })

    // An agent and a customer of another app on the same server.
    const other = await fixture.server.createApp('Other')
    const tokens = await createUsers(fixture.server, other, ['mallory', 'trudy'])
    expect((await fixture.server.rest('PUT', `/api/v1/apps/${other.id}/agents/mallory`, { secret: other.secret, body: {} })).status).toBe(200)
    const clients = await Promise.all(['mallory', 'trudy'].map(async (id) => {
      const client = new WarblerClient({ url: fixture.server.url, token: tokens[id]!, requestTimeoutMs: 5000 })
      await client.connect()
      return client
    }))
    const [mallory, trudy] = clients as [WarblerClient, WarblerClient]
    try {
      for (const attempt of [
        mallory.support.get(conversation.id),
        mallory.support.take(conversation.id),
        mallory.support.resolve(conversation.id),
        mallory.support.note(conversation.id, 'hello'),
        mallory.support.notes(conversation.id),
        trudy.support.rate(conversation.id, 1),
      ]) {
        await expect(attempt).rejects.toMatchObject({ code: 'conversation_not_found' })
      }
      expect((await mallory.support.list()).conversations).toEqual([])
      expect((await fixture.rest('GET', `/conversations/${conversation.id}/support`)).body).toMatchObject({ status: 'resolved', assigneeId: 'lin' })
    } finally {
      for (const client of clients) await client.close()
    }
  })
})

describe('a website visitor over the widget’s connection', () => {
  let widget: WidgetFixture
  afterEach(async () => {
    await widget?.close()
  })

  it('may rate their resolved conversation, and may send none of the agents’ support frames', async () => {
    const origin = 'https://shop.example'
    widget = await startWidgetFixture([origin])
    await widget.configure({ allowedOrigins: [origin], botId: widget.botId })
    const { server, app } = widget
    await server.rest('POST', `/api/v1/apps/${app.id}/users`, { secret: app.secret, body: { id: 'lin', name: 'Lin' } })
    await server.rest('PUT', `/api/v1/apps/${app.id}/agents/lin`, { secret: app.secret, body: {} })
    const visitor = await widget.visitor(origin)
    expect(visitor.body.token, JSON.stringify(visitor.body)).toEqual(expect.any(String))
    const client = new WarblerClient({ url: server.url, token: visitor.body.token, requestTimeoutMs: 5000 })
    await client.connect()
    try {
      const conversation = await client.openDirect(widget.botId)
      await client.send(conversation.id, { type: 'text', text: 'human' })
      await until(async () => (await server.rest('GET', `/api/v1/apps/${app.id}/conversations/${conversation.id}/support`, { secret: app.secret })).body.status === 'queued', 'the hand-off')
      for (const attempt of [client.support.queue(), client.support.take(conversation.id), client.support.setAvailability('online'), client.support.note(conversation.id, 'x')]) {
        await expect(attempt).rejects.toMatchObject({ code: 'forbidden', message: 'Website visitors can only talk to the support bot and its agents.' })
      }
      await server.rest('PATCH', `/api/v1/apps/${app.id}/conversations/${conversation.id}/support`, { secret: app.secret, body: { status: 'resolved' } })
      expect(await client.support.rate(conversation.id, 5, 'Thanks')).toMatchObject({ userId: visitor.body.userId, rating: 5 })
      await expect(client.support.rate(conversation.id, 5)).rejects.toMatchObject({ code: 'conflict' })
    } finally {
      await client.close()
    }
  })
})
