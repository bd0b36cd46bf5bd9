import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../../../ai/src/testing/fake-openai-server.js'
import { RawClient } from '../helpers/raw-client.js'
import { createUsers, startTestServer, type TestServer } from '../helpers/test-server.js'
import { TestReceiver } from '../webhooks/receiver.js'
import { waitForReply } from './bot-fixture.js'

// Only 127.0.0.1 is allowlisted (bots and knowledge ingestion); 127.0.0.2 stands for an internal
// service nobody allowed, e.g. a metadata endpoint.
describe('bot providers and knowledge URLs cannot be redirected to internal addresses', () => {
  let server: TestServer
  let provider: FakeOpenAIServer
  let internal: TestReceiver
  let site: TestReceiver
  let app: { id: string; secret: string }
  let tokens: Record<string, string>

  beforeAll(async () => {
    provider = await startFakeOpenAIServer({ models: ['fake-primary'], apiKey: 'sk-test-secret' })
    internal = await TestReceiver.start('127.0.0.2')
    site = await TestReceiver.start()
    process.env.WARBLER_OUTBOUND_ALLOWLIST = '127.0.0.1'
    server = await startTestServer({
      server: { bots: { outboundAllowlist: ['127.0.0.1'], resilience: { maxAttemptsPerModel: 2, backoff: { initialDelayMs: 10, factor: 2, maxDelayMs: 50 }, firstTokenTimeoutMs: 3_000, idleTimeoutMs: 3_000 } } },
    })
    app = await server.createApp()
    tokens = await createUsers(server, app, ['alice'])
  })
  beforeEach(() => {
    internal.requests.length = 0
  })
  afterAll(async () => {
    delete process.env.WARBLER_OUTBOUND_ALLOWLIST
    await server?.close()
    await provider?.close()
    await internal?.close()
    await site?.close()
  })

  it('a provider on an allowed host answering 307 to a blocked address gets no chat request there; the reply fails clearly', async () => {
    const created = await server.rest('POST', `/api/v1/apps/${app.id}/bots`, {
      secret: app.secret,
      body: { id: 'redirected', name: 'Redirected', systemPrompt: 'SECRET SYSTEM PROMPT', provider: { baseUrl: provider.baseURL, apiKey: 'sk-test-secret', model: 'fake-primary' } },
    })
    expect(created.status).toBe(201)
    provider.script([{ redirectTo: `${internal.url}/v1/chat/completions`, times: Infinity }])
    const alice = await RawClient.connect(server.url, tokens.alice!)
    try {
      const direct = (await alice.request({ type: 'conversation.open-direct', peerId: 'redirected' })).data
      const sent = await alice.sendMessage(direct.id, 'my private question')
      const { final } = await waitForReply(alice, direct.id, 'redirected', sent.seq)
      expect(final.status).toBe('final')
      expect(final.ext.error).toBe('forbidden')
      expect(final.body.text).toContain('unavailable')
      expect(provider.requests.length).toBeGreaterThan(0)
      expect(internal.requests).toHaveLength(0)
    } finally {
      alice.close()
      provider.reset()
    }
  })

  it('a knowledge URL redirecting to a blocked address fails; one on the allowed host is ingested', async () => {
    site.answer = (request) =>
      request.path === '/faq'
        ? { status: 302, headers: { location: `${internal.url}/latest/meta-data` } }
        : { status: 200, headers: { 'content-type': 'text/html' }, body: '<title>Help</title><p>Refunds take five days.</p>' }
    const kb = (await server.rest('POST', `/api/v1/apps/${app.id}/knowledge-bases`, { secret: app.secret, body: { name: 'Web' } })).body.id
    const base = `/api/v1/apps/${app.id}/knowledge-bases/${kb}/documents`
    const redirected = await server.rest('POST', base, { secret: app.secret, body: { url: `${site.url}/faq` } })
    const allowed = await server.rest('POST', base, { secret: app.secret, body: { url: `${site.url}/help` } })
    expect(redirected.status).toBeLessThan(300)
    expect(allowed.status).toBeLessThan(300)
    await server.server.context.knowledge.whenIdle()
    const failed = (await server.rest('GET', `${base}/${redirected.body.id}`, { secret: app.secret })).body
    expect(failed).toMatchObject({ status: 'failed', error: expect.stringContaining('private or reserved address') })
    expect((await server.rest('GET', `${base}/${allowed.body.id}`, { secret: app.secret })).body.status).toBe('ready')
    expect(internal.requests).toHaveLength(0)
  })
})
