import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WarblerClient, type Message } from '@warbler/sdk'
import { WarblerServerApi } from '@warbler/sdk/server'
import { createUsers, startTestServer, type TestServer } from '../helpers/test-server.js'
import { eventually } from './sdk-test-kit.js'

describe('api.support (the SDK) against the real server', () => {
  let server: TestServer
  let api: WarblerServerApi
  let tokens: Record<string, string>
  let conversationId: string
  const clients: WarblerClient[] = []

  beforeAll(async () => {
    server = await startTestServer()
    const app = await server.createApp()
    tokens = await createUsers(server, app, ['cara', 'lin', 'max'])
    api = new WarblerServerApi({ url: server.url, appId: app.id, secret: app.secret })
    const bot = await server.rest('POST', `/api/v1/apps/${app.id}/bots`, { secret: app.secret, body: { id: 'helper', name: 'Helper' } })
    expect(bot.status).toBe(201)
    conversationId = (await api.sendMessage({ from: 'cara', to: 'helper', body: { type: 'text', text: 'My parcel is late.' } })).conversationId
  })
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()))
    await server.close()
  })

  it('runs a conversation from hand-off to CSAT: queue, take, reply, private note, transfer refused at capacity, resolve, rate once', async () => {
    expect(await api.support.setAgent('lin', { capacity: 1, teams: ['billing'], availability: 'online' })).toMatchObject({ userId: 'lin', capacity: 1, online: false })
    await api.support.setAgent('max', { capacity: 0, availability: 'online' })
    expect((await api.support.agents()).map((agent) => agent.userId).sort()).toEqual(['lin', 'max'])

    // Nobody is connected: the hand-off waits in the queue.
    expect(await api.support.handoff(conversationId, { reason: 'customer_request', summary: 'Parcel 77 is late.', priority: 'high' })).toMatchObject({ status: 'queued', customerId: 'cara', priority: 'high' })
    const queue = await api.support.list({ status: 'queued' })
    expect(queue.conversations.map((row) => row.conversationId)).toContain(conversationId)
    expect(queue.counts.queued).toBe(1)

    const cara = new WarblerClient({ url: server.url, token: tokens.cara!, requestTimeoutMs: 5000 })
    clients.push(cara)
    const seen: Message[] = []
    cara.on('message', (message) => seen.push(message))
    await cara.connect()

    expect(await api.support.take(conversationId, 'lin')).toMatchObject({ status: 'assigned', assigneeId: 'lin' })
    expect((await api.support.list({ status: 'assigned', assigneeId: 'lin' })).counts.mine).toBe(1)
    await api.support.reply(conversationId, 'lin', 'Hi Cara, Lin here. Checking parcel 77.')
    await api.support.addNote(conversationId, 'lin', 'Courier lost it; resend approved.')
    expect((await api.support.notes(conversationId)).map((note) => note.text)).toEqual(['Courier lost it; resend approved.'])
    await eventually(() => seen.some((message) => message.senderId === 'lin' && message.body?.type === 'text' && message.body.text.includes('Checking parcel 77')), 'the customer sees the agent reply')
    const history = await cara.history(conversationId, { limit: 100 })
    expect(JSON.stringify(history.messages)).not.toContain('Courier lost it')

    await expect(api.support.assign(conversationId, 'max')).rejects.toMatchObject({ name: 'WarblerError', code: 'conflict' })
    expect((await api.support.state(conversationId)).firstResponseAt).toBeGreaterThan(0)

    expect(await api.support.resolve(conversationId)).toMatchObject({ status: 'resolved' })
    expect(await api.support.rate(conversationId, 'cara', 5, 'Fast')).toMatchObject({ rating: 5, userId: 'cara' })
    await expect(api.support.rate(conversationId, 'cara', 4)).rejects.toMatchObject({ code: 'conflict' })

    const analytics = await api.support.analytics()
    expect(analytics.handoffs).toBeGreaterThanOrEqual(1)
    expect(analytics.handoffsByReason.customer_request).toBeGreaterThanOrEqual(1)
    expect(analytics.firstResponseMs.count).toBe(1)
    expect(analytics.csat.byAgent).toEqual([expect.objectContaining({ agentId: 'lin', count: 1, average: 5 })])
  })

  it('snoozes and reopens, transfers to a team, and keeps canned replies and settings', async () => {
    await api.support.reopen(conversationId)
    const until = Date.now() + 3_600_000
    expect(await api.support.snooze(conversationId, until)).toMatchObject({ status: 'snoozed', snoozedUntil: until })
    expect(await api.support.transferToTeam(conversationId, 'billing')).toMatchObject({ team: 'billing' })
    expect(await api.support.setPriority(conversationId, 'urgent')).toMatchObject({ priority: 'urgent' })
    expect(await api.support.handBack(conversationId)).toMatchObject({ status: 'bot' })

    const reply = await api.support.createCannedReply('resend', 'We are sending a new parcel today.')
    await expect(api.support.createCannedReply('resend', 'again')).rejects.toMatchObject({ code: 'already_exists' })
    expect(await api.support.updateCannedReply(reply.id, { text: 'A new parcel leaves today.' })).toMatchObject({ shortcut: 'resend', text: 'A new parcel leaves today.' })
    expect((await api.support.cannedReplies()).map((entry) => entry.shortcut)).toEqual(['resend'])
    await api.support.deleteCannedReply(reply.id)
    expect(await api.support.cannedReplies()).toEqual([])

    expect((await api.support.updateSettings({ handoffPhrases: ['找客服'] })).handoffPhrases).toEqual(['找客服'])
    expect((await api.support.settings()).handoffPhrases).toEqual(['找客服'])
    await api.support.removeAgent('max')
    expect((await api.support.agents()).map((agent) => agent.userId)).toEqual(['lin'])
  })
})
