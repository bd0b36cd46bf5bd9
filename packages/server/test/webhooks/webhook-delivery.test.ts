import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verifyWebhookSignature } from '../../src/webhooks/verify-signature.js'
import { createUsers, startTestServer, type TestServer } from '../helpers/test-server.js'
import { FAST_WEBHOOKS, TestReceiver } from './receiver.js'

describe('webhooks over a real server', () => {
  let server: TestServer
  let receiver: TestReceiver
  let app: { id: string; secret: string }
  let conversationId: string

  beforeAll(async () => {
    server = await startTestServer({ server: { webhooks: FAST_WEBHOOKS } })
    receiver = await TestReceiver.start()
    app = await server.createApp()
    await createUsers(server, app, ['alice', 'bob'])
    const group = await server.rest('POST', `/api/v1/apps/${app.id}/groups`, { secret: app.secret, body: { name: 'Team', ownerId: 'alice', memberIds: ['bob'] } })
    conversationId = group.body.id
  })
  afterAll(async () => {
    await server.close()
    await receiver.close()
  })

  it('manages webhooks through REST and never shows the secret again', async () => {
    const created = await server.rest('POST', `/api/v1/apps/${app.id}/webhooks`, { secret: app.secret, body: { url: `${receiver.url}/crud`, events: ['user.created'] } })
    expect(created.status).toBe(201)
    expect(created.body.secret).toMatch(/^whsec_/)
    const id = created.body.id
    const listed = await server.rest('GET', `/api/v1/apps/${app.id}/webhooks`, { secret: app.secret })
    expect(listed.body.webhooks.map((webhook: { id: string }) => webhook.id)).toContain(id)
    expect(JSON.stringify(listed.body)).not.toContain(created.body.secret)
    const patched = await server.rest('PATCH', `/api/v1/apps/${app.id}/webhooks/${id}`, { secret: app.secret, body: { enabled: false, events: ['*'] } })
    expect(patched.body).toMatchObject({ id, enabled: false, events: ['*'] })
    const rotated = await server.rest('POST', `/api/v1/apps/${app.id}/webhooks/${id}/secret`, { secret: app.secret })
    expect(rotated.body.secret).toMatch(/^whsec_/)
    expect(rotated.body.secret).not.toBe(created.body.secret)
    const other = await server.createApp('Other')
    expect((await server.rest('GET', `/api/v1/apps/${other.id}/webhooks/${id}`, { secret: other.secret })).status).toBe(404)
    expect((await server.rest('POST', `/api/v1/apps/${app.id}/webhooks`, { secret: app.secret, body: { url: receiver.url, events: ['message.exploded'] } })).status).toBe(400)
    expect((await server.rest('DELETE', `/api/v1/apps/${app.id}/webhooks/${id}`, { secret: app.secret })).status).toBe(200)
    expect((await server.rest('GET', `/api/v1/apps/${app.id}/webhooks/${id}`, { secret: app.secret })).status).toBe(404)
    const openApi = await server.rest('GET', '/api/v1/openapi.json')
    expect(Object.keys(openApi.body.paths)).toContain('/api/v1/apps/{appId}/webhooks/{webhookId}/deliveries/{deliveryId}/replay')
  })

  it('delivers signed events, retries a failing receiver, logs the attempts and replays on request', async () => {
    const path = '/messages'
    receiver.answer = (request) => {
      const attempt = receiver.requests.filter((entry) => entry.path === path).indexOf(request)
      return attempt === 0 ? { status: 500, body: 'down for a moment' } : { status: 200, body: '{"ok":true}' }
    }
    const created = await server.rest('POST', `/api/v1/apps/${app.id}/webhooks`, { secret: app.secret, body: { url: `${receiver.url}${path}`, events: ['message.created'] } })
    const { id: webhookId, secret } = created.body

    const sent = await server.rest('POST', `/api/v1/apps/${app.id}/messages`, { secret: app.secret, body: { from: 'alice', conversationId, body: { type: 'text', text: 'hello hooks' } } })
    expect(sent.status).toBeLessThan(300)
    const [first, second] = await receiver.waitFor(2, (request) => request.path === path)

    for (const request of [first!, second!]) {
      expect(request.method).toBe('POST')
      expect(request.headers['warbler-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/)
      expect(verifyWebhookSignature(request.headers['warbler-signature'] as string, request.body, secret, 300)).toBe(true)
      expect(verifyWebhookSignature(request.headers['warbler-signature'] as string, request.body.replace('hello', 'HELLO'), secret, 300)).toBe(false)
      expect(verifyWebhookSignature(request.headers['warbler-signature'] as string, request.body, 'whsec_wrong', 300)).toBe(false)
    }
    const payload = JSON.parse(first!.body)
    expect(payload).toMatchObject({ type: 'message.created', appId: app.id, data: { conversationId, message: { seq: sent.body.seq, senderId: 'alice', body: { text: 'hello hooks' } } } })
    // a retry is the same event (same id and body), sent as the same delivery
    expect(second!.body).toBe(first!.body)
    expect(second!.headers['warbler-event']).toBe(payload.id)
    expect(second!.headers['warbler-delivery']).toBe(first!.headers['warbler-delivery'])

    const deliveryId = first!.headers['warbler-delivery'] as string
    let log = await server.rest('GET', `/api/v1/apps/${app.id}/webhooks/${webhookId}/deliveries?status=succeeded`, { secret: app.secret })
    for (let tries = 0; log.body.deliveries.length === 0 && tries < 100; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 20))
      log = await server.rest('GET', `/api/v1/apps/${app.id}/webhooks/${webhookId}/deliveries?status=succeeded`, { secret: app.secret })
    }
    expect(log.body.deliveries).toHaveLength(1)
    expect(log.body.deliveries[0]).toMatchObject({ id: deliveryId, eventId: payload.id, status: 'succeeded', attempts: 2, lastStatusCode: 200, lastResponseBody: '{"ok":true}' })
    const pending = await server.rest('GET', `/api/v1/apps/${app.id}/webhooks/${webhookId}/deliveries?status=pending`, { secret: app.secret })
    expect(pending.body.deliveries).toEqual([])

    const replay = await server.rest('POST', `/api/v1/apps/${app.id}/webhooks/${webhookId}/deliveries/${deliveryId}/replay`, { secret: app.secret })
    expect(replay.status).toBe(202)
    const [, , third] = await receiver.waitFor(3, (request) => request.path === path)
    expect(third!.body).toBe(first!.body)
    expect(third!.headers['warbler-event']).toBe(payload.id)
    expect(third!.headers['warbler-delivery']).toBe(replay.body.id)
    expect(third!.headers['warbler-delivery']).not.toBe(deliveryId)
    expect((await server.rest('POST', `/api/v1/apps/${app.id}/webhooks/${webhookId}/deliveries/dlv_nope/replay`, { secret: app.secret })).status).toBe(404)
  })

  it('sends only the events a webhook subscribed to', async () => {
    const path = '/users-only'
    receiver.answer = () => ({ status: 204 })
    await server.rest('POST', `/api/v1/apps/${app.id}/webhooks`, { secret: app.secret, body: { url: `${receiver.url}${path}`, events: ['user.created'] } })
    await server.rest('POST', `/api/v1/apps/${app.id}/messages`, { secret: app.secret, body: { from: 'bob', conversationId, body: { type: 'text', text: 'not for you' } } })
    // user.created is emitted by the user service; announce it directly as the domain would
    server.server.context.domainEvents.emit('user.created', { appId: app.id, userId: 'carol', name: 'Carol', kind: 'person', ext: {} })
    const [request] = await receiver.waitFor(1, (entry) => entry.path === path)
    expect(JSON.parse(request!.body)).toMatchObject({ type: 'user.created', appId: app.id, data: { userId: 'carol', name: 'Carol' } })
    // the message (sent first) never reached this webhook
    expect(receiver.requests.filter((entry) => entry.path === path).every((entry) => JSON.parse(entry.body).type === 'user.created')).toBe(true)
  })
})

describe('webhook URLs are SSRF-guarded', () => {
  it('refuses private, loopback and metadata addresses unless the operator allowlisted them', async () => {
    const server = await startTestServer({ server: { webhooks: { ...FAST_WEBHOOKS, outboundAllowlist: [] } } })
    try {
      const app = await server.createApp()
      for (const url of ['http://127.0.0.1:9/hook', 'http://10.1.2.3/hook', 'http://169.254.169.254/latest/meta-data', 'http://[::1]:9/hook', 'http://[::ffff:127.0.0.1]/hook', 'http://100.64.0.1/']) {
        const refused = await server.rest('POST', `/api/v1/apps/${app.id}/webhooks`, { secret: app.secret, body: { url, events: ['*'] } })
        expect(refused.status, url).toBe(403)
        expect(refused.body.error.code).toBe('forbidden')
      }
      const hook = await server.rest('PUT', `/api/v1/apps/${app.id}/hooks/before-send`, { secret: app.secret, body: { url: 'http://192.168.1.1/check' } })
      expect(hook.status).toBe(403)
    } finally {
      await server.close()
    }
  })
})
