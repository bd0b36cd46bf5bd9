import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket, WebSocketServer } from 'ws'
import { Session } from './session.js'
import { SessionRegistry } from './session-registry.js'

const limits = { sendsPerSecond: 10, sendBurst: 10 }

function sessionOn(socket: WebSocket, appId: string, userId: string, id: string): Session {
  const session = new Session(id, socket, '127.0.0.1', limits, () => {})
  session.appId = appId
  session.userId = userId
  session.authenticated = true
  return session
}

describe('SessionRegistry.deliver', () => {
  const servers: WebSocketServer[] = []
  afterEach(async () => {
    for (const server of servers.splice(0)) {
      for (const client of server.clients) client.terminate()
      await new Promise((resolve) => server.close(resolve))
    }
  })

  it('writes one frame as a text frame to every session of every recipient, encoded once', async () => {
    const server = new WebSocketServer({ port: 0, host: '127.0.0.1' })
    servers.push(server)
    await once(server, 'listening')
    const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`
    const accepted: WebSocket[] = []
    server.on('connection', (socket) => accepted.push(socket))
    const clients = await Promise.all(
      [0, 1, 2].map(async () => {
        const client = new WebSocket(url)
        await once(client, 'open')
        return client
      }),
    )
    while (accepted.length < 3) await new Promise((resolve) => setTimeout(resolve, 5))
    const registry = new SessionRegistry()
    const sessions = [sessionOn(accepted[0]!, 'app_a', 'ann', 's1'), sessionOn(accepted[1]!, 'app_a', 'ann', 's2'), sessionOn(accepted[2]!, 'app_a', 'ben', 's3')]
    for (const session of sessions) registry.add(session)
    const sent: unknown[] = []
    for (const socket of accepted) {
      const send = socket.send.bind(socket)
      socket.send = ((data: unknown, ...rest: unknown[]) => {
        sent.push(data)
        return (send as (...args: unknown[]) => void)(data, ...rest)
      }) as typeof socket.send
    }
    const frame = JSON.stringify({ type: 'event', text: 'héllo 世界 👋' })
    const received = clients.map((client) => once(client, 'message') as Promise<[Buffer, boolean]>)
    registry.deliver('app_a', ['ann', 'ben', 'nobody'], frame)
    for (const [data, isBinary] of await Promise.all(received)) {
      expect(isBinary).toBe(false)
      expect(data.toString('utf8')).toBe(frame)
    }
    expect(sent).toHaveLength(3)
    expect(new Set(sent).size).toBe(1)
    for (const client of clients) client.close()
  })
})
