import { RawClient } from '../helpers/raw-client.js'
import { createUsers, startTestServer, type TestServer } from '../helpers/test-server.js'

/** What the support bot of the widget fixtures knows. */
export const SHOP_FAQ = `# Shipping

Orders ship within two business days from our Hangzhou warehouse. Express delivery costs 15 yuan.

# Returns

You can return unopened beans within 30 days for a full refund.
`

/** A server with one app whose widget is set up: a support bot with a knowledge base, allowed on `origins`. */
export interface WidgetFixture {
  server: TestServer
  app: { id: string; secret: string }
  botId: string
  /** Connects an ordinary app user (alice) over the WebSocket. */
  connect(token: string): Promise<RawClient>
  tokens: Record<string, string>
  /** Sets `widget` in the app settings. */
  configure(widget: Record<string, unknown>): Promise<void>
  /** POST /visitors from a page on `origin`. */
  visitor(origin: string | undefined, body?: Record<string, unknown>, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Headers }>
  close(): Promise<void>
}

/** Starts the fixture; `env` is applied while the server is created (e.g. the rate limit). */
export async function startWidgetFixture(origins: string[], options: { env?: Record<string, string>; server?: Parameters<typeof startTestServer>[0] } = {}): Promise<WidgetFixture> {
  const saved = Object.fromEntries(Object.keys(options.env ?? {}).map((key) => [key, process.env[key]]))
  Object.assign(process.env, options.env)
  let server: TestServer
  try {
    server = await startTestServer(options.server)
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key]
      else process.env[key] = value
    }
  }
  const app = await server.createApp('Shop')
  const tokens = await createUsers(server, app, ['alice'])
  const kb = await server.rest('POST', `/api/v1/apps/${app.id}/knowledge-bases`, { secret: app.secret, body: { name: 'FAQ' } })
  await server.rest('POST', `/api/v1/apps/${app.id}/knowledge-bases/${kb.body.id}/documents`, { secret: app.secret, body: { title: 'Shop FAQ', text: SHOP_FAQ, format: 'markdown' } })
  await server.server.context.knowledge.whenIdle()
  const bot = await server.rest('POST', `/api/v1/apps/${app.id}/bots`, { secret: app.secret, body: { id: 'helper', name: 'Shop helper', knowledgeBaseIds: [kb.body.id] } })
  if (bot.status !== 201) throw new Error(`bot: ${bot.status} ${JSON.stringify(bot.body)}`)
  const clients: RawClient[] = []
  const fixture: WidgetFixture = {
    server,
    app,
    botId: 'helper',
    tokens,
    async connect(token) {
      const client = await RawClient.connect(server.url, token)
      clients.push(client)
      return client
    },
    async configure(widget) {
      const answer = await server.rest('PATCH', `/api/v1/apps/${app.id}/settings`, { secret: app.secret, body: { widget } })
      if (answer.status !== 200) throw new Error(`settings: ${answer.status} ${JSON.stringify(answer.body)}`)
    },
    async visitor(origin, body = {}, headers = {}) {
      const response = await fetch(`${server.url}/api/v1/apps/${app.id}/visitors`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(origin ? { origin } : {}), ...headers },
        body: JSON.stringify(body),
      })
      return { status: response.status, body: await response.json(), headers: response.headers }
    },
    async close() {
      for (const client of clients) client.close()
      await server.close()
    },
  }
  await fixture.configure({ allowedOrigins: origins, botId: 'helper' })
  return fixture
}
