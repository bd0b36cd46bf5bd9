import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../helpers/test-server.js'

describe('bot provider addresses', () => {
  let server: TestServer
  let app: { id: string; secret: string }

  beforeAll(async () => {
    server = await startTestServer()
    app = await server.createApp()
  })
  afterAll(async () => {
    await server.close()
  })

  it('refuses providers on internal addresses unless the operator allowlisted them', async () => {
    for (const baseUrl of ['http://127.0.0.1:11434/v1', 'http://169.254.169.254/latest', 'http://[::1]:8000/v1', 'http://10.1.2.3/v1']) {
      const created = await server.rest('POST', `/api/v1/apps/${app.id}/bots`, { secret: app.secret, body: { name: 'Probe', provider: { baseUrl, model: 'm' } } })
      expect(created.status, baseUrl).toBe(400)
      expect(created.body.error.message).toContain('WARBLER_OUTBOUND_ALLOWLIST')
    }
    const publicBot = await server.rest('POST', `/api/v1/apps/${app.id}/bots`, { secret: app.secret, body: { id: 'public', name: 'Public', provider: { baseUrl: 'http://93.184.216.34/v1', model: 'm' } } })
    expect(publicBot.status).toBe(201)
    const moved = await server.rest('PATCH', `/api/v1/apps/${app.id}/bots/public`, { secret: app.secret, body: { provider: { baseUrl: 'http://192.168.0.10/v1' } } })
    expect(moved.status).toBe(400)
    expect((await server.rest('GET', `/api/v1/apps/${app.id}/bots/public`, { secret: app.secret })).body.provider.baseUrl).toBe('http://93.184.216.34/v1')
  })
})
