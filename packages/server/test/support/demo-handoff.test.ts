import { WarblerClient, type Message } from '@warbler/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureDemoSeed } from '../../src/demo-seed.js'
import { startTestServer, type TestServer } from '../helpers/test-server.js'
import { until } from './support-fixture.js'

describe('the demo hand-off', () => {
  let server: TestServer
  const clients: WarblerClient[] = []

  beforeAll(async () => {
    server = await startTestServer()
  })
  afterAll(async () => {
    for (const client of clients) await client.close()
    await server.close()
  })

  it('seeds agent lin, so alice asking the assistant for a person reaches Lin in the same conversation', async () => {
    const { context } = server.server
    const demo = (await ensureDemoSeed(context))!
    expect(demo.users).toContain('lin')
    await context.knowledge.whenIdle()
    const connect = async (userId: string) => {
      const { token } = await context.users.mintToken(demo.appId, userId)
      const client = new WarblerClient({ url: server.url, token, requestTimeoutMs: 5000 })
      const seen: Message[] = []
      client.on('notice', (message) => seen.push(message))
      client.on('message', (message) => seen.push(message))
      await client.connect()
      clients.push(client)
      return { client, seen }
    }
    const lin = await connect('lin')
    const alice = await connect('alice')
    const direct = await alice.client.openDirect('assistant')
    await alice.client.send(direct.id, { type: 'text', text: 'I want to talk to a person' })
    await until(() => alice.seen.find((message) => (message.body as any)?.text === 'Lin (agent) joined'), 'Lin joining')
    expect(alice.seen.map((message) => (message.body as any)?.text)).toContain('Connecting you to a person…')
    await until(() => lin.seen.find((message) => message.conversationId === direct.id && (message.data as any)?.support === 'assigned'), 'Lin notified')
    await lin.client.send(direct.id, { type: 'text', text: 'Hi Alice, Lin here.' })
    await until(() => alice.seen.find((message) => message.senderId === 'lin' && (message.body as any)?.text === 'Hi Alice, Lin here.'), 'Lin’s reply')

    // a second start keeps one agent and lists lin once
    const again = (await ensureDemoSeed(context))!
    expect(again.users.filter((id) => id === 'lin')).toHaveLength(1)
    expect((await context.support.service.listAgents(demo.appId)).map((agent) => agent.userId)).toEqual(['lin'])
  })
})
