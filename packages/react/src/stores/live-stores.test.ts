// The stores behind useTyping, usePresence, useConnectionState and useConversations, against the real server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WarblerClient } from '@warbler/sdk'
import { createUsers, startTestServer, type TestServer } from '../../../server/test/helpers/test-server.js'
import { storesOf } from './client-stores.js'

async function until(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

describe('live stores against the real server', () => {
  let server: TestServer
  let tokens: Record<string, string>
  const clients: WarblerClient[] = []
  const client = (user: string) => {
    const made = new WarblerClient({ url: server.url, token: tokens[user] ?? 'not-a-token', requestTimeoutMs: 5000 })
    clients.push(made)
    return made
  }

  beforeAll(async () => {
    server = await startTestServer()
    tokens = await createUsers(server, await server.createApp(), ['ana', 'ben'])
  })
  afterAll(async () => {
    await Promise.all(clients.map((made) => made.close()))
    await server?.close()
  })

  it('connection: connecting, connected with the user; a bad token is fatal', async () => {
    const ana = client('ana')
    const connection = storesOf(ana).connection
    const states: string[] = []
    connection.subscribe(() => states.push(connection.getSnapshot().state))
    await ana.connect()
    expect(states).toContain('connecting')
    expect(connection.getSnapshot()).toMatchObject({ state: 'connected', userId: 'ana', fatal: undefined })

    const stranger = client('nobody')
    const refused = storesOf(stranger).connection // made first, as a provider's render does
    await stranger.connect().catch(() => undefined)
    await until(() => refused.getSnapshot().fatal !== undefined, 'the fatal error')
    expect(refused.getSnapshot()).toMatchObject({ state: 'disconnected', willReconnect: false, reason: 'invalid_credentials' })
    expect(refused.getSnapshot().fatal?.code).toBe('invalid_credentials')
  })

  it('conversations, typing and presence follow the other side live', async () => {
    const [ana, ben] = [client('ana'), client('ben')]
    await Promise.all([ana.connect(), ben.connect()])
    const direct = await ana.openDirect('ben')
    await ana.send(direct.id, { type: 'text', text: 'hello' })
    const list = storesOf(ben).conversations
    await until(() => list.getSnapshot().conversations.some((row) => row.id === direct.id && row.unreadCount === 1), 'the row on ben’s list')
    // Details (members) are fetched for rows that came without them.
    await until(() => list.getSnapshot().conversations.find((row) => row.id === direct.id)?.conversation?.members !== undefined, 'the row’s details')

    const typing = storesOf(ben).typing
    ana.conversation(direct.id).typing()
    await until(() => typing.getSnapshot().typing[direct.id]?.includes('ana') === true, 'ana typing')
    await ana.send(direct.id, { type: 'text', text: 'done typing' })
    await until(() => (typing.getSnapshot().typing[direct.id] ?? []).length === 0, 'the message to end the typing')
    ben.conversation(direct.id).typing()
    expect(storesOf(ben).typing.getSnapshot().typing[direct.id] ?? []).toEqual([]) // never the user themself

    const presence = storesOf(ana).presence
    const stop = presence.watch(['ben'])
    const again = presence.watch(['ben'])
    await until(() => presence.getSnapshot().presence.ben?.online === true, 'ben online')
    stop()
    await ben.close()
    await until(() => presence.getSnapshot().presence.ben?.online === false, 'ben offline, live')
    again()
  })
})
