import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUsers, startTestServer, type TestServer } from '../helpers/test-server.js'
import { FAST_WEBHOOKS, TestReceiver } from './receiver.js'

// 127.0.0.1 is allowlisted (FAST_WEBHOOKS); 127.0.0.2 stands for an internal service nobody allowed.
describe('webhook and before-send hook redirects are checked like the URL itself', () => {
  let server: TestServer
  let app: { id: string; secret: string }
  let receiver: TestReceiver
  let internal: TestReceiver

  beforeAll(async () => {
    receiver = await TestReceiver.start()
    internal = await TestReceiver.start('127.0.0.2')
    server = await startTestServer({ server: { webhooks: FAST_WEBHOOKS } })
    app = await server.createApp()
    await createUsers(server, app, ['alice', 'bob'])
  })
  afterAll(async () => {
    await server?.close()
    await receiver?.close()
    await internal?.close()
  })

  async function conversation(): Promise<string> {
    const created = await server.rest('POST', `/api/v1/apps/${app.id}/groups`, { secret: app.secret, body: { name: 'Hooks', ownerId: 'alice', memberIds: ['bob'] } })
    expect(created.status).toBeLessThan(300)
    return created.body.id
  }

  it('refuses a webhook receiver’s 307 to a blocked address for good, and follows one to an allowed address', async () => {
    receiver.answer = (request) =>
      request.path === '/to-internal'
        ? { status: 307, headers: { location: `${internal.url}/steal` } }
        : request.path === '/to-allowed'
          ? { status: 307, headers: { location: `${receiver.url}/landed` } }
          : { status: 200, body: '{"ok":true}' }
    const blocked = await server.rest('POST', `/api/v1/apps/${app.id}/webhooks`, { secret: app.secret, body: { url: `${receiver.url}/to-internal`, events: ['message.created'] } })
    const followed = await server.rest('POST', `/api/v1/apps/${app.id}/webhooks`, { secret: app.secret, body: { url: `${receiver.url}/to-allowed`, events: ['message.created'] } })
    expect(blocked.status).toBe(201)
    expect(followed.status).toBe(201)
    const sent = await server.rest('POST', `/api/v1/apps/${app.id}/messages`, { secret: app.secret, body: { from: 'alice', conversationId: await conversation(), body: { type: 'text', text: 'redirect me' } } })
    expect(sent.status).toBeLessThan(300)
    await receiver.waitFor(1, (request) => request.path === '/landed')

    let failed: any[] = []
    for (let tries = 0; failed.length === 0 && tries < 200; tries++) {
      failed = (await server.rest('GET', `/api/v1/apps/${app.id}/webhooks/${blocked.body.id}/deliveries?status=failed`, { secret: app.secret })).body.deliveries
      if (failed.length === 0) await new Promise((resolve) => setTimeout(resolve, 25))
    }
    expect(failed).toHaveLength(1)
    expect(failed[0]).toMatchObject({ status: 'failed', attempts: 1 })
    expect(failed[0].lastError).toContain('private or reserved address')
    expect(internal.requests).toHaveLength(0)
  })

  it('does not follow the before-send hook’s redirect to a blocked address (the hook fails closed)', async () => {
    receiver.answer = () => ({ status: 307, headers: { location: `${internal.url}/hook` } })
    const hook = await server.rest('PUT', `/api/v1/apps/${app.id}/hooks/before-send`, { secret: app.secret, body: { url: `${receiver.url}/before-send`, timeoutMs: 1000, failMode: 'closed' } })
    expect(hook.status).toBe(200)
    const sent = await server.rest('POST', `/api/v1/apps/${app.id}/messages`, { secret: app.secret, body: { from: 'alice', conversationId: await conversation(), body: { type: 'text', text: 'check me' } } })
    expect(sent.body.error?.code).toBe('rejected_by_hook')
    expect(sent.body.error.message).toContain('private or reserved address')
    expect(internal.requests).toHaveLength(0)
    await server.rest('DELETE', `/api/v1/apps/${app.id}/hooks/before-send`, { secret: app.secret })
  })
})
