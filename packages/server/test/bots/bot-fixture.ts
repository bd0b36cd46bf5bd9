import { startFakeOpenAIServer, type FakeOpenAIServer } from '../../../ai/src/testing/fake-openai-server.js'
import { RawClient } from '../helpers/raw-client.js'
import { createUsers, startTestServer, type TestServer } from '../helpers/test-server.js'

/** A test server with short provider deadlines, a fake OpenAI provider and one app with people. */
export interface BotFixture {
  server: TestServer
  provider: FakeOpenAIServer
  app: { id: string; secret: string }
  tokens: Record<string, string>
  /** Connects a person over the real WebSocket. */
  connect(userId: string): Promise<RawClient>
  /** Creates a knowledge base with one markdown document and waits until it is searchable. */
  knowledgeBase(title: string, text: string): Promise<string>
  /** Creates a bot through the REST API. */
  createBot(body: Record<string, unknown>): Promise<any>
  /** Resolves when no bot reply is in progress. */
  idle(): Promise<void>
  close(): Promise<void>
}

/** Starts a fixture; `people` get users and tokens. */
export async function startBotFixture(people: string[] = ['alice', 'bob']): Promise<BotFixture> {
  const provider = await startFakeOpenAIServer({ models: ['fake-primary', 'fake-backup'], apiKey: 'sk-test-secret' })
  const server = await startTestServer({
    server: { bots: { outboundAllowlist: ['127.0.0.0/8'], maxQueuedPerBot: 2, resilience: { maxAttemptsPerModel: 2, backoff: { initialDelayMs: 10, factor: 2, maxDelayMs: 50 }, firstTokenTimeoutMs: 3_000, idleTimeoutMs: 3_000 } } },
  })
  const app = await server.createApp()
  const tokens = await createUsers(server, app, people)
  const clients: RawClient[] = []
  return {
    server,
    provider,
    app,
    tokens,
    async connect(userId) {
      const client = await RawClient.connect(server.url, tokens[userId]!)
      clients.push(client)
      return client
    },
    async knowledgeBase(title, text) {
      const kb = await server.rest('POST', `/api/v1/apps/${app.id}/knowledge-bases`, { secret: app.secret, body: { name: title } })
      const document = await server.rest('POST', `/api/v1/apps/${app.id}/knowledge-bases/${kb.body.id}/documents`, { secret: app.secret, body: { title, text, format: 'markdown' } })
      await server.server.context.knowledge.whenIdle()
      const status = await server.rest('GET', `/api/v1/apps/${app.id}/knowledge-bases/${kb.body.id}/documents/${document.body.id}`, { secret: app.secret })
      if (status.body.status !== 'ready') throw new Error(`document not ready: ${JSON.stringify(status.body)}`)
      return kb.body.id as string
    },
    async createBot(body) {
      const created = await server.rest('POST', `/api/v1/apps/${app.id}/bots`, { secret: app.secret, body })
      if (created.status !== 201) throw new Error(`createBot: ${created.status} ${JSON.stringify(created.body)}`)
      return created.body
    },
    idle: () => server.server.context.botRuntime.idle(),
    async close() {
      for (const client of clients) client.close()
      await server.close()
      await provider.close()
    },
  }
}

/** The provider settings of a bot talking to the fake provider. */
export function fakeProvider(provider: FakeOpenAIServer, model = 'fake-primary', fallbackModels: string[] = []) {
  return { baseUrl: provider.baseURL, apiKey: 'sk-test-secret', model, fallbackModels }
}

/** Waits for a bot's reply as a client sees it: the streaming message, its deltas, and the closing edit. */
export async function waitForReply(client: RawClient, conversationId: string, botId: string, afterSeq = 0, timeoutMs = 8_000) {
  const message = await client.waitFor(
    (frame) => frame.type === 'event' && frame.conversationId === conversationId && frame.kind === 'message' && frame.senderId === botId && frame.seq > afterSeq,
    timeoutMs,
  )
  if (message.status !== 'streaming') return { message, deltas: [] as any[], final: message }
  const final = await client.waitFor(
    (frame) => frame.type === 'event' && frame.conversationId === conversationId && frame.kind === 'edit' && frame.targetSeq === message.seq,
    timeoutMs,
  )
  const deltas = client.frames.filter((frame) => frame.type === 'message.delta' && frame.conversationId === conversationId && frame.seq === message.seq)
  return { message, deltas, final }
}
