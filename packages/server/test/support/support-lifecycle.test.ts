import { afterEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../../src/support/clock.js'
import { startSupportFixture, until, type SupportFixture } from './support-fixture.js'

const text = (message: { body?: unknown }) => ((message.body as { text?: string } | undefined)?.text ?? '')

/** A customer's direct conversation with the bot, made before the app has agents (so the bot's "I don't know" hands nothing off). */
async function botConversation(fixture: SupportFixture, customerId: string): Promise<string> {
  const sent = await fixture.rest('POST', '/messages', { from: customerId, to: 'helper', body: { type: 'text', text: 'hello' } })
  await fixture.server.server.context.botRuntime.idle()
  return sent.body.conversationId as string
}

/** Records every event handed to the webhook outbox (then passes it on). */
function captureWebhooks(fixture: SupportFixture): { type: string; data: any }[] {
  const dispatcher = fixture.server.server.context.webhooks.dispatcher
  const emitted: { type: string; data: any }[] = []
  const original = dispatcher.emit.bind(dispatcher)
  dispatcher.emit = (appId, type, data) => {
    emitted.push({ type, data })
    return original(appId, type, data)
  }
  return emitted
}

/** Lets the loop's sweep that the last advance fired finish and set its next timer. */
async function settle(clock: ManualClock) {
  await until(() => clock.pendingTimers > 0, 'the next sweep timer')
}

describe('customer service over time and across read paths', () => {
  let fixture: SupportFixture
  afterEach(async () => {
    await fixture?.close()
  })

  it('keeps private notes out of the customer’s history, sync and search, and out of the agent’s too', async () => {
    fixture = await startSupportFixture(['cus', 'lin'])
    await fixture.agent('lin')
    const lin = await fixture.connect('lin')
    const customer = await fixture.connect('cus')
    const conversation = await customer.client.openDirect('helper')
    await customer.client.send(conversation.id, { type: 'text', text: 'human please' })
    await until(async () => (await fixture.rest('GET', `/conversations/${conversation.id}/support`)).body.status === 'assigned', 'assignment')
    const note = await fixture.rest('POST', `/conversations/${conversation.id}/notes`, { authorId: 'lin', text: 'zebracrossing VIP customer, refund approved' })
    expect(note.status).toBe(201)
    expect((await fixture.rest('POST', `/conversations/${conversation.id}/notes`, { authorId: 'cus', text: 'sneaky' })).status).toBe(403)
    await lin.client.send(conversation.id, { type: 'text', text: 'Let me check that for you' })
    await until(() => customer.messages.find((message) => message.senderId === 'lin'), 'the agent’s reply')

    expect((await fixture.rest('GET', `/conversations/${conversation.id}/notes`)).body.notes).toEqual([expect.objectContaining({ authorId: 'lin', text: 'zebracrossing VIP customer, refund approved' })])
    const everything = JSON.stringify([
      (await customer.client.history(conversation.id, { afterSeq: 0, limit: 100 })).messages,
      (await lin.client.history(conversation.id, { afterSeq: 0, limit: 100 })).messages,
      (await fixture.rest('GET', `/conversations/${conversation.id}/messages?afterSeq=0&limit=100`)).body,
      await customer.client.messages.search('zebracrossing'),
      await lin.client.messages.search('zebracrossing'),
      customer.messages, customer.notices, lin.messages, lin.notices,
    ])
    expect(everything).toContain('Let me check that for you')
    expect(everything).not.toContain('zebracrossing')
    // A device of the customer that syncs from nothing gets every event but the note.
    const fresh = await fixture.connect('cus')
    const synced = await fresh.client.history(conversation.id, { afterSeq: 0, limit: 100 })
    expect(synced.messages.length).toBeGreaterThan(3)
    expect(JSON.stringify([synced, fresh.messages, fresh.notices])).not.toContain('zebracrossing')
  })

  it('snoozes and reopens into the queue at snoozedUntil (injected clock), then assigns again', async () => {
    const clock = new ManualClock(Date.now())
    fixture = await startSupportFixture(['cus', 'lin'], { clock })
    const conversationId = await botConversation(fixture, 'cus')
    await fixture.agent('lin', { capacity: 1 })
    await fixture.connect('lin')
    await fixture.rest('POST', `/conversations/${conversationId}/handoff`, { reason: 'policy', priority: 'high' })
    expect((await fixture.rest('GET', `/conversations/${conversationId}/support`)).body).toMatchObject({ status: 'assigned', assigneeId: 'lin', priority: 'high' })
    const until60 = clock.now() + 60_000
    const snoozed = await fixture.rest('PATCH', `/conversations/${conversationId}/support`, { status: 'snoozed', snoozedUntil: until60 })
    expect(snoozed.body).toMatchObject({ status: 'snoozed', snoozedUntil: until60 })
    expect((await fixture.rest('PATCH', `/conversations/${conversationId}/support`, { status: 'snoozed', snoozedUntil: clock.now() - 1 })).status).toBe(400)
    expect((await fixture.rest('GET', '/agents')).body.agents[0].openCount).toBe(0)

    await settle(clock)
    clock.advance(59_000)
    await settle(clock)
    expect((await fixture.rest('GET', `/conversations/${conversationId}/support`)).body.status).toBe('snoozed')
    clock.advance(1_000)
    const reopened = await until(async () => {
      if (clock.pendingTimers > 0) clock.advance(200) // the next sweeps, at or just past snoozedUntil
      const body = (await fixture.rest('GET', `/conversations/${conversationId}/support`)).body
      return body.status === 'assigned' ? body : undefined
    }, 'the snoozed conversation reopened and assigned')
    expect(reopened).toMatchObject({ assigneeId: 'lin', priority: 'high' })
    expect(reopened.snoozedUntil).toBeUndefined()
  })

  it('fires support.sla_breached once, counting only business hours that split the day', async () => {
    // Monday 2026-12-07, 11:00 in Shanghai; open 09:00–12:00 and 13:00–18:00; first response within 2 h.
    const clock = new ManualClock(Date.parse('2026-12-07T11:00:00+08:00'))
    fixture = await startSupportFixture(['cus'], { clock, slaEverySweeps: 1 })
    const emitted = captureWebhooks(fixture)
    const weekdays = [1, 2, 3, 4, 5].flatMap((day) => [{ day, start: '09:00', end: '12:00' }, { day, start: '13:00', end: '18:00' }])
    const settings = await fixture.rest('PUT', '/support/settings', {
      sla: { normal: { firstResponseSeconds: 7200, resolutionSeconds: 8 * 3600 } },
      businessHours: { timeZone: 'Asia/Shanghai', weekly: weekdays, holidays: [] },
    })
    expect(settings.status).toBe(200)
    expect(settings.body.sla.normal).toEqual({ firstResponseSeconds: 7200, resolutionSeconds: 28_800 })
    expect(settings.body.sla.urgent).toEqual({ firstResponseSeconds: null, resolutionSeconds: null })
    expect((await fixture.rest('PUT', '/support/settings', { businessHours: { timeZone: 'Mars/Olympus' } })).status).toBe(400)

    const conversationId = await botConversation(fixture, 'cus')
    await fixture.rest('POST', `/conversations/${conversationId}/handoff`, { reason: 'other' })
    const breaches = () => emitted.filter((entry) => entry.type === 'support.sla_breached')

    await settle(clock)
    clock.advance(Date.parse('2026-12-07T13:59:00+08:00') - clock.now()) // 2 h of wall time, 1 h 59 min minus lunch of business time
    await settle(clock)
    expect(breaches()).toEqual([])
    clock.advance(60_000)
    await until(() => breaches().length > 0, 'the breach')
    expect(breaches()).toEqual([{ type: 'support.sla_breached', data: { conversationId, target: 'first_response', priority: 'normal', dueAt: Date.parse('2026-12-07T14:00:00+08:00') } }])
    await settle(clock)
    clock.advance(60_000)
    await settle(clock)
    expect(breaches()).toHaveLength(1)
  })

  it('takes one CSAT per resolution, from the customer only, after it was resolved', async () => {
    fixture = await startSupportFixture(['cus', 'lin', 'eve'])
    const emitted = captureWebhooks(fixture)
    const conversationId = await botConversation(fixture, 'cus')
    await fixture.agent('lin')
    await fixture.connect('lin')
    await fixture.rest('POST', `/conversations/${conversationId}/handoff`, { reason: 'customer_request' })
    expect((await fixture.rest('POST', `/conversations/${conversationId}/csat`, { userId: 'cus', rating: 5 })).status).toBe(409)
    await fixture.rest('PATCH', `/conversations/${conversationId}/support`, { status: 'resolved' })
    expect((await fixture.rest('POST', `/conversations/${conversationId}/csat`, { userId: 'eve', rating: 1 })).status).toBe(403)
    expect((await fixture.rest('POST', `/conversations/${conversationId}/csat`, { userId: 'cus', rating: 6 })).status).toBe(400)
    const rated = await fixture.rest('POST', `/conversations/${conversationId}/csat`, { userId: 'cus', rating: 4, comment: 'quick, thanks' })
    expect(rated.status).toBe(201)
    expect(rated.body).toMatchObject({ conversationId, userId: 'cus', rating: 4, comment: 'quick, thanks' })
    const again = await fixture.rest('POST', `/conversations/${conversationId}/csat`, { userId: 'cus', rating: 1 })
    expect(again.status).toBe(409)
    expect(again.body.error.code).toBe('conflict')

    // A new hand-off and a new resolution may be rated again.
    await fixture.rest('POST', `/conversations/${conversationId}/handoff`, { reason: 'other' })
    await fixture.rest('PATCH', `/conversations/${conversationId}/support`, { status: 'resolved' })
    expect((await fixture.rest('POST', `/conversations/${conversationId}/csat`, { userId: 'cus', rating: 2 })).status).toBe(201)
    const analytics = (await fixture.rest('GET', '/support/analytics')).body
    expect(analytics).toMatchObject({ handoffs: 2, handoffsByReason: { customer_request: 1, other: 1 }, resolutionMs: { count: 2 } })
    expect(analytics.csat.byAgent).toEqual([{ agentId: 'lin', count: 2, average: 3 }])
    const support = emitted.filter((entry) => entry.type.startsWith('support.'))
    expect(support.map((entry) => entry.type)).toEqual([
      'support.handoff', 'support.assigned', 'support.resolved', 'support.csat', 'support.handoff', 'support.assigned', 'support.resolved', 'support.csat',
    ])
    expect(support[0]!.data).toEqual({ conversationId, customerId: 'cus', reason: 'customer_request', priority: 'normal' })
    expect(support[1]!.data).toEqual({ conversationId, assigneeId: 'lin' })
    expect(support[3]!.data).toEqual({ conversationId, userId: 'cus', rating: 4, comment: 'quick, thanks', assigneeId: 'lin' })
  })

  it('measures hand-off → agent notified', async () => {
    fixture = await startSupportFixture(['cus', 'lin'])
    await fixture.agent('lin')
    const lin = await fixture.connect('lin')
    const sent = await fixture.rest('POST', '/messages', { from: 'cus', to: 'helper', body: { type: 'text', text: 'hello' } })
    const conversationId = sent.body.conversationId as string
    await fixture.server.server.context.botRuntime.idle()
    const latencies: number[] = []
    for (let round = 0; round < 40; round++) {
      const seen = lin.notices.length
      const started = performance.now()
      await fixture.rest('POST', `/conversations/${conversationId}/handoff`, { reason: 'other' })
      await until(() => lin.notices.slice(seen).find((notice) => (notice.data as any)?.support === 'assigned'), 'the agent notified')
      latencies.push(performance.now() - started)
      await fixture.rest('PATCH', `/conversations/${conversationId}/support`, { status: 'resolved' })
    }
    latencies.sort((a, b) => a - b)
    const p50 = latencies[Math.floor(latencies.length * 0.5)]!
    const p99 = latencies[Math.ceil(latencies.length * 0.99) - 1]!
    console.log(`hand-off → agent notified (SQLite, one node, ${latencies.length} rounds): p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms`)
    expect(p99).toBeLessThan(5000)
    expect(lin.notices.filter((notice) => text(notice) === 'Lin (agent) joined').length).toBeGreaterThanOrEqual(40)
  })
})
