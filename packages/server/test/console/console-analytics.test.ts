import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUsers, startTestServer, type TestServer } from '../helpers/test-server.js'
import { createOwner, signIn, type ConsoleClient } from './console-client.js'

describe('console analytics', () => {
  let server: TestServer
  let viewer: ConsoleClient
  let app: { id: string; secret: string }

  beforeAll(async () => {
    server = await startTestServer()
    const owner = await signIn(server, await createOwner(server))
    await owner.call('POST', '/accounts', { email: 'v@example.com', password: 'viewer password', role: 'viewer' })
    viewer = await signIn(server, { email: 'v@example.com', password: 'viewer password' })
    app = await server.createApp('Analytics')
    await createUsers(server, app, ['ann', 'ben'])
  })
  afterAll(async () => server.close())

  it('counts messages and active people of today from the event log', async () => {
    for (const [from, to] of [['ann', 'ben'], ['ann', 'ben'], ['ben', 'ann']]) {
      await server.rest('POST', `/api/v1/apps/${app.id}/messages`, { secret: app.secret, body: { from, to, body: { type: 'text', text: 'hello' } } })
    }
    const answer = await viewer.call('GET', `/analytics?appId=${app.id}&days=7`)
    expect(answer.status).toBe(200)
    const today = new Date().toISOString().slice(0, 10)
    expect(answer.body.messagesPerDay).toEqual([{ day: today, count: 3 }])
    expect(answer.body.activeUsersPerDay).toEqual([{ day: today, count: 2 }])
    expect(answer.body.botRepliesPerDay).toEqual([])
  })

  it('takes tokens per bot and hand-offs from the bots’ usage counters when the server has bots', async (context) => {
    const bots = server.server.context.storage.bots
    if (!bots) context.skip('this storage keeps no bots')
    const created = await server.rest('POST', `/api/v1/apps/${app.id}/bots`, { secret: app.secret, body: { id: 'helper', name: 'Helper' } })
    expect(created.status).toBe(201)
    const day = new Date().toISOString().slice(0, 10)
    await bots!.addUsage({ appId: app.id, botId: 'helper', userId: 'ann', day, inputTokens: 30, outputTokens: 12 })
    await bots!.addUsage({ appId: app.id, botId: 'helper', userId: 'ben', day, inputTokens: 0, outputTokens: 0, handoffs: 2 })
    const answer = await viewer.call('GET', `/analytics?appId=${app.id}`)
    expect(answer.body.tokensPerBot).toEqual([{ botId: 'helper', tokens: 42 }])
    expect(answer.body.handedOff).toBe(2)
  })
})
