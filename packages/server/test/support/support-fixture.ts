import { WarblerClient, type Message } from '@warbler/sdk'
import { ManualClock } from '../../src/support/clock.js'
import { createUsers, startTestServer, type TestServer } from '../helpers/test-server.js'

/** A real server with one app, an offline bot `helper`, agents and customers, and SDK clients. */
export interface SupportFixture {
  server: TestServer
  app: { id: string; secret: string }
  tokens: Record<string, string>
  clock?: ManualClock
  /** An SDK client of a user, connected; every `notice` (system event) it got is kept. */
  connect(userId: string): Promise<{ client: WarblerClient; notices: Message[]; messages: Message[] }>
  rest(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>
  /** Makes agents (REST), with a display name. */
  agent(userId: string, body?: Record<string, unknown>): Promise<any>
  close(): Promise<void>
}

/** Waits until `check` returns something truthy (bounded). */
export async function until<T>(check: () => T | Promise<T>, what: string, timeoutMs = 5000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value) return value as NonNullable<T>
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/** Starts the fixture; `people` get users and tokens (their name is the id with a capital). */
export async function startSupportFixture(people: string[], options: { clock?: ManualClock; sweepMs?: number; slaEverySweeps?: number; consolePresenceTtlMs?: number } = {}): Promise<SupportFixture> {
  const server = await startTestServer({ server: { support: { ...(options.clock ? { clock: options.clock } : {}), sweepMs: options.sweepMs ?? 200, ...(options.slaEverySweeps ? { slaEverySweeps: options.slaEverySweeps } : {}), ...(options.consolePresenceTtlMs ? { consolePresenceTtlMs: options.consolePresenceTtlMs } : {}) } } })
  const app = await server.createApp()
  const tokens = await createUsers(server, app, people)
  for (const id of people) {
    await server.rest('PATCH', `/api/v1/apps/${app.id}/users/${id}`, { secret: app.secret, body: { name: id[0]!.toUpperCase() + id.slice(1) } })
  }
  const created = await server.rest('POST', `/api/v1/apps/${app.id}/bots`, { secret: app.secret, body: { id: 'helper', name: 'Helper' } })
  if (created.status !== 201) throw new Error(`bot: ${created.status} ${JSON.stringify(created.body)}`)
  const clients: WarblerClient[] = []
  const rest = (method: string, path: string, body?: unknown) => server.rest(method, `/api/v1/apps/${app.id}${path}`, { secret: app.secret, ...(body === undefined ? {} : { body }) })
  return {
    server,
    app,
    tokens,
    ...(options.clock ? { clock: options.clock } : {}),
    rest,
    async connect(userId) {
      const client = new WarblerClient({ url: server.url, token: tokens[userId]!, requestTimeoutMs: 5000 })
      const notices: Message[] = []
      const messages: Message[] = []
      client.on('notice', (notice) => notices.push(notice))
      client.on('message', (message) => messages.push(message))
      await client.connect()
      clients.push(client)
      return { client, notices, messages }
    },
    async agent(userId, body = {}) {
      const answer = await rest('PUT', `/agents/${userId}`, body)
      if (answer.status !== 200) throw new Error(`agent: ${answer.status} ${JSON.stringify(answer.body)}`)
      return answer.body
    },
    async close() {
      for (const client of clients) await client.close()
      await server.close()
    },
  }
}
