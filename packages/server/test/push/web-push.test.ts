import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { RawClient } from '../helpers/raw-client.js'
import { createUsers, startTestServer, type TestServer } from '../helpers/test-server.js'
import { BrowserSubscription, FakePushService, verifyVapid } from './push-endpoint.js'

const FAST_PUSH = { pollIntervalMs: 50, retryScheduleMs: [50], jitter: 0, attemptTimeoutMs: 2000 }
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('Web Push at the protocol level: offline users get an encrypted, VAPID-signed push', () => {
  let server: TestServer
  let endpoint: FakePushService
  let app: { id: string; secret: string }
  let tokens: Record<string, string>
  let group: string
  let bob: BrowserSubscription

  const api = (method: string, path: string, body?: unknown) => server.rest(method, `/api/v1/apps/${app.id}${path}`, { secret: app.secret, ...(body === undefined ? {} : { body }) })
  const send = async (text: string, extra: Record<string, unknown> = {}) => {
    const sent = await api('POST', '/messages', { from: 'alice', conversationId: group, body: { type: 'text', text, ...extra } })
    expect(sent.status).toBeLessThan(300)
    return sent.body
  }
  const deliveries = async (query = '') => (await api('GET', `/push/deliveries?userId=bob${query}`)).body.items as any[]
  /** Waits until the planner and dispatcher are idle: nothing pending in the log. */
  const settle = async () => {
    for (let tries = 0; tries < 100; tries++) {
      if ((await deliveries('&status=pending')).length === 0) return
      await sleep(25)
    }
    throw new Error('pushes still pending')
  }

  beforeAll(async () => {
    endpoint = await FakePushService.start()
    server = await startTestServer({ server: { webhooks: { outboundAllowlist: ['127.0.0.1'] }, push: FAST_PUSH } })
    app = await server.createApp()
    tokens = await createUsers(server, app, ['alice', 'bob', 'carol'])
    const created = await api('POST', '/groups', { name: 'Orders', ownerId: 'alice', memberIds: ['bob', 'carol'] })
    group = created.body.id
    expect((await api('PATCH', '/settings', { push: { collapseWindowMs: 0 } })).status).toBe(200)
    bob = new BrowserSubscription(`${endpoint.url}/push/bob-browser`)
    const registered = await api('PUT', '/users/bob/push-targets/browser-1', { provider: 'webpush', subscription: bob.toJSON() })
    expect(registered.status).toBe(200)
    expect(registered.body).toMatchObject({ userId: 'bob', deviceId: 'browser-1', provider: 'webpush' })
    expect(JSON.stringify(registered.body)).not.toContain(bob.toJSON().keys.auth)
  })
  afterAll(async () => {
    await server?.close()
    await endpoint?.close()
  })
  beforeEach(async () => {
    await settle()
    endpoint.requests.length = 0
    endpoint.answer = () => ({ status: 201 })
  })

  it('gives browsers the app’s VAPID public key without a secret, and 404 for an unknown app', async () => {
    const key = await server.rest('GET', `/api/v1/apps/${app.id}/push/vapid-public-key`)
    expect(key.status).toBe(200)
    expect(Buffer.from(key.body.publicKey, 'base64url')).toHaveLength(65)
    expect((await server.rest('GET', '/api/v1/apps/app_nope/push/vapid-public-key')).status).toBe(404)
  })

  it('serves the notification worker the chat app registers, from the root with its scope allowed', async () => {
    const response = await fetch(`${server.url}/push-worker.js`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toContain('text/javascript')
    expect(response.headers.get('service-worker-allowed')).toBe('/')
    const script = await response.text()
    expect(script).toContain("addEventListener('push'")
    expect(script).toContain('showNotification')
    expect(script).toContain('/?conversation=')
  })

  it('pushes a message to an offline member: aes128gcm that the subscription’s keys decrypt, VAPID signed, with TTL and topic', async () => {
    await send('Your order A-1001 has shipped')
    const [request] = await endpoint.waitFor('/push/bob-browser')
    expect(request!.method).toBe('POST')
    expect(request!.headers['content-encoding']).toBe('aes128gcm')
    expect(Number(request!.headers.ttl)).toBe(3600)
    expect(request!.headers.topic).toMatch(/^[A-Za-z0-9_-]{1,32}$/)
    const vapid = await verifyVapid(request!.headers.authorization, bob.endpoint)
    expect(vapid.k).toBe((await server.rest('GET', `/api/v1/apps/${app.id}/push/vapid-public-key`)).body.publicKey)
    expect(vapid.sub).toMatch(/^mailto:|^https:/)
    const payload = JSON.parse(bob.decrypt(request!.body))
    expect(payload).toMatchObject({ title: 'Orders', body: 'alice: Your order A-1001 has shipped', data: { conversationId: group, senderId: 'alice' } })
    expect(payload.badge).toBeGreaterThanOrEqual(1)
    expect(request!.body.includes(Buffer.from('A-1001'))).toBe(false)
    await settle()
    const [logged] = await deliveries()
    expect(logged).toMatchObject({ status: 'sent', provider: 'webpush', deviceId: 'browser-1', lastStatusCode: 201, attempts: 1 })
    expect(JSON.stringify(logged)).not.toContain('A-1001')
  })

  it('never pushes to a user with a connected session, and pushes again once they leave', async () => {
    const online = await RawClient.connect(server.url, tokens.bob!)
    await send('you are online')
    await sleep(400)
    expect(endpoint.to('/push/bob-browser')).toHaveLength(0)
    online.socket.close()
    await sleep(100)
    await send('you are away')
    const [request] = await endpoint.waitFor('/push/bob-browser')
    expect(JSON.parse(bob.decrypt(request!.body)).body).toBe('alice: you are away')
  })

  it('respects a muted conversation, except an @mention of the user', async () => {
    const client = await RawClient.connect(server.url, tokens.bob!)
    expect((await client.request({ type: 'conversation.settings', conversationId: group, muted: true })).type).toBe('result')
    client.socket.close()
    await sleep(100)
    await send('muted chatter')
    await sleep(400)
    expect(endpoint.to('/push/bob-browser')).toHaveLength(0)
    await send('@bob can you check?', { mentions: ['bob'] })
    const [request] = await endpoint.waitFor('/push/bob-browser')
    expect(JSON.parse(bob.decrypt(request!.body)).body).toBe('alice: [Mentioned you] @bob can you check?')
    const again = await RawClient.connect(server.url, tokens.bob!)
    await again.request({ type: 'conversation.settings', conversationId: group, muted: false })
    again.socket.close()
    await sleep(100)
  })

  it('stays quiet during the user’s do-not-disturb hours in their time zone', async () => {
    const now = new Date()
    const clock = (offsetMinutes: number) => {
      const at = new Date(now.getTime() + offsetMinutes * 60_000)
      return `${String(at.getUTCHours()).padStart(2, '0')}:${String(at.getUTCMinutes()).padStart(2, '0')}`
    }
    const quiet = await api('PATCH', '/users/bob/push-preferences', { doNotDisturb: { start: clock(-60), end: clock(60), timeZone: 'UTC' } })
    expect(quiet.status).toBe(200)
    await send('at night')
    await sleep(400)
    expect(endpoint.to('/push/bob-browser')).toHaveLength(0)
    expect((await api('PATCH', '/users/bob/push-preferences', { doNotDisturb: { start: '25:00', end: '07:00', timeZone: 'UTC' } })).status).toBe(400)
    expect((await api('PATCH', '/users/bob/push-preferences', { doNotDisturb: { start: '22:00', end: '07:00', timeZone: 'Mars/Olympus' } })).body.error.code).toBe('validation_failed')
    await api('PATCH', '/users/bob/push-preferences', { doNotDisturb: null })
    await send('morning')
    await endpoint.waitFor('/push/bob-browser')
  })

  it('collapses a burst in one conversation into one notification', async () => {
    await api('PATCH', '/settings', { push: { collapseWindowMs: 600 } })
    for (let index = 1; index <= 5; index++) await send(`burst ${index}`)
    const [request] = await endpoint.waitFor('/push/bob-browser')
    await sleep(700)
    expect(endpoint.to('/push/bob-browser')).toHaveLength(1)
    expect(JSON.parse(bob.decrypt(request!.body)).body).toBe('5 new messages')
    await settle()
    expect((await deliveries())[0]).toMatchObject({ status: 'sent', collapsed: 5 })
    await api('PATCH', '/settings', { push: { collapseWindowMs: 0 } })
  })

  it('keeps the text off the push service when the app chooses privacy', async () => {
    await api('PATCH', '/settings', { push: { preview: false, collapseWindowMs: 0 } })
    await send('the secret discount code is XYZ')
    const [request] = await endpoint.waitFor('/push/bob-browser')
    const payload = JSON.parse(bob.decrypt(request!.body))
    expect(payload.body).toBe('New message')
    expect(JSON.stringify(payload)).not.toContain('XYZ')
    await api('PATCH', '/settings', { push: { preview: true, collapseWindowMs: 0 } })
  })

  it('prunes a subscription the push service says is gone (410), and retries a 503', async () => {
    const carol = new BrowserSubscription(`${endpoint.url}/push/carol-gone`)
    await api('PUT', '/users/carol/push-targets/old-laptop', { provider: 'webpush', subscription: carol.toJSON() })
    endpoint.answer = (request) => (request.path === '/push/carol-gone' ? { status: 410 } : request.path === '/push/bob-browser' && endpoint.to('/push/bob-browser').length === 1 ? { status: 503 } : { status: 201 })
    await send('is anyone there?')
    await endpoint.waitFor('/push/carol-gone')
    await endpoint.waitFor('/push/bob-browser', 2)
    for (let tries = 0; tries < 100 && (await api('GET', '/users/carol/push-targets')).body.items.length > 0; tries++) await sleep(25)
    expect((await api('GET', '/users/carol/push-targets')).body.items).toEqual([])
    const carolLog = (await api('GET', '/push/deliveries?userId=carol')).body.items
    expect(carolLog[0]).toMatchObject({ status: 'pruned', lastStatusCode: 410 })
    await settle()
    expect((await deliveries())[0]).toMatchObject({ status: 'sent', attempts: 2 })
  })

  it('refuses bad targets with clear errors, and removes devices on unregister and token revocation', async () => {
    const missing = await api('PUT', '/users/bob/push-targets/x', { provider: 'webpush' })
    expect(missing.status).toBe(400)
    expect(missing.body.error.message).toContain('subscription')
    expect((await api('PUT', '/users/bob/push-targets/x', { provider: 'apns', token: 'not-hex' })).body.error.code).toBe('validation_failed')
    expect((await api('PUT', '/users/bob/push-targets/bad%20id', { provider: 'fcm', token: 't' })).status).toBe(400)
    expect((await api('PUT', '/users/nobody/push-targets/x', { provider: 'fcm', token: 't' })).body.error.code).toBe('user_not_found')
    const other = await server.createApp('Other')
    expect((await server.rest('PUT', `/api/v1/apps/${app.id}/users/bob/push-targets/x`, { secret: other.secret, body: { provider: 'fcm', token: 't' } })).status).toBe(401)

    await api('PUT', '/users/carol/push-targets/phone', { provider: 'fcm', token: 'carol-phone-token' })
    expect((await api('DELETE', '/users/carol/push-targets/phone')).body).toEqual({ removed: true })
    await api('PUT', '/users/carol/push-targets/phone', { provider: 'fcm', token: 'carol-phone-token' })
    expect((await api('DELETE', '/users/carol/tokens')).status).toBe(200)
    expect((await api('GET', '/users/carol/push-targets')).body.items).toEqual([])
  })
})
