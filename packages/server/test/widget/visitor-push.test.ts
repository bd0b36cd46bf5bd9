import { WarblerClient } from '@warbler/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BrowserSubscription, FakePushService, verifyVapid } from '../push/push-endpoint.js'
import { startWidgetFixture, type WidgetFixture } from './widget-fixture.js'

const SITE = 'https://shop.example.com'

describe('a widget visitor who opted in to notifications is pushed while away (Web Push, protocol level)', () => {
  let fixture: WidgetFixture
  let endpoint: FakePushService
  const clients: WarblerClient[] = []

  beforeAll(async () => {
    endpoint = await FakePushService.start()
    fixture = await startWidgetFixture([SITE], { server: { server: { webhooks: { outboundAllowlist: ['127.0.0.1'] }, push: { pollIntervalMs: 50 } } } })
    await fixture.server.rest('PATCH', `/api/v1/apps/${fixture.app.id}/settings`, { secret: fixture.app.secret, body: { push: { collapseWindowMs: 0 } } })
  })
  afterAll(async () => {
    for (const client of clients) client.close()
    await fixture?.close()
    await endpoint?.close()
  })

  it('registers the browser over the visitor’s own connection and gets the bot’s answer as a push once offline', async () => {
    const grant = await fixture.visitor(SITE)
    expect(grant.status).toBe(200)
    const { userId, token, conversationId } = grant.body
    const browser = new BrowserSubscription(`${endpoint.url}/push/visitor`)
    let applicationServerKey: ArrayBuffer | undefined
    // What the widget does after the visitor pressed "Notify me of replies" and allowed it.
    const registration = {
      pushManager: {
        getSubscription: async () => null,
        subscribe: async (options: { applicationServerKey: ArrayBuffer }) => {
          applicationServerKey = options.applicationServerKey
          return browser
        },
      },
    }
    const visitor = new WarblerClient({ url: fixture.server.url, token })
    clients.push(visitor)
    await visitor.connect()
    expect(await visitor.push.subscribeBrowser(registration, { deviceId: 'widget-1' })).toEqual({ deviceId: 'widget-1', provider: 'webpush' })
    const { publicKey } = (await fixture.server.rest('GET', `/api/v1/apps/${fixture.app.id}/push/vapid-public-key`)).body
    expect(Buffer.from(applicationServerKey!).toString('base64url')).toBe(publicKey)
    const targets = await fixture.server.rest('GET', `/api/v1/apps/${fixture.app.id}/users/${encodeURIComponent(userId)}/push-targets`, { secret: fixture.app.secret })
    expect(targets.body.items).toMatchObject([{ deviceId: 'widget-1', provider: 'webpush' }])

    // Online: the answer arrives over the WebSocket, no push.
    const online = await fixture.server.rest('POST', `/api/v1/apps/${fixture.app.id}/messages`, { secret: fixture.app.secret, body: { from: fixture.botId, conversationId, body: { type: 'text', text: 'We are looking into it.' } } })
    expect(online.status).toBeLessThan(300)
    await new Promise((resolve) => setTimeout(resolve, 400))
    expect(endpoint.requests.filter((request) => request.path === '/push/visitor')).toHaveLength(0)

    // The visitor left the page: the next answer is pushed, encrypted for this browser, with VAPID.
    visitor.close()
    await new Promise((resolve) => setTimeout(resolve, 150))
    await fixture.server.rest('POST', `/api/v1/apps/${fixture.app.id}/messages`, { secret: fixture.app.secret, body: { from: fixture.botId, conversationId, body: { type: 'text', text: 'Your order ships tomorrow.' } } })
    const [request] = await endpoint.waitFor('/push/visitor')
    expect(request!.headers['content-encoding']).toBe('aes128gcm')
    await verifyVapid(request!.headers.authorization, browser.endpoint)
    expect(JSON.parse(browser.decrypt(request!.body))).toMatchObject({ title: 'Shop helper', body: expect.stringContaining('Your order ships tomorrow.'), data: { conversationId } })
  })

  it('the visitor can turn them off again over the same connection', async () => {
    const grant = await fixture.visitor(SITE)
    const visitor = new WarblerClient({ url: fixture.server.url, token: grant.body.token, deviceId: 'widget-2' })
    clients.push(visitor)
    await visitor.connect()
    await visitor.push.register({ provider: 'webpush', subscription: new BrowserSubscription(`${endpoint.url}/push/other`).toJSON() })
    expect(await visitor.push.unregister()).toBe(true)
    const targets = await fixture.server.rest('GET', `/api/v1/apps/${fixture.app.id}/users/${encodeURIComponent(grant.body.userId)}/push-targets`, { secret: fixture.app.secret })
    expect(targets.body.items).toEqual([])
  })
})
