import { WarblerClient } from '@warbler/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUsers, startTestServer, type TestServer } from '../helpers/test-server.js'
import { BrowserSubscription, FakePushService } from './push-endpoint.js'

describe('the SDK registers push targets: client.push', () => {
  let server: TestServer
  let endpoint: FakePushService
  let app: { id: string; secret: string }
  let tokens: Record<string, string>
  const clients: WarblerClient[] = []
  const api = (method: string, path: string, body?: unknown) => server.rest(method, `/api/v1/apps/${app.id}${path}`, { secret: app.secret, ...(body === undefined ? {} : { body }) })

  beforeAll(async () => {
    endpoint = await FakePushService.start()
    server = await startTestServer({ server: { webhooks: { outboundAllowlist: ['127.0.0.1'] }, push: { pollIntervalMs: 50 } } })
    app = await server.createApp()
    tokens = await createUsers(server, app, ['alice', 'bob'])
    await api('PATCH', '/settings', { push: { collapseWindowMs: 0 } })
  })
  afterAll(async () => {
    for (const client of clients) client.close()
    await server?.close()
    await endpoint?.close()
  })

  it('registers a native token for this device, and unregisters it on sign-out', async () => {
    const client = new WarblerClient({ url: server.url, token: tokens.bob!, deviceId: 'bob-phone' })
    clients.push(client)
    await client.connect()
    expect(await client.push.register({ provider: 'fcm', token: 'fcm-token-of-bobs-phone' })).toEqual({ deviceId: 'bob-phone', provider: 'fcm' })
    expect((await api('GET', '/users/bob/push-targets')).body.items).toMatchObject([{ deviceId: 'bob-phone', provider: 'fcm', hint: '…-phone' }])
    await expect(client.push.register({ provider: 'apns', token: 'zz' })).rejects.toMatchObject({ code: 'validation_failed' })
    expect(await client.push.unregister()).toBe(true)
    expect(await client.push.unregister()).toBe(false)
    expect((await api('GET', '/users/bob/push-targets')).body.items).toEqual([])
    client.close()
  })

  it('subscribes a browser with the app’s VAPID key and gets pushed once offline', async () => {
    const browser = new BrowserSubscription(`${endpoint.url}/push/bob`)
    let applicationServerKey: ArrayBuffer | undefined
    const registration = {
      pushManager: {
        getSubscription: async () => null,
        subscribe: async (options: { applicationServerKey: ArrayBuffer }) => {
          applicationServerKey = options.applicationServerKey
          return browser
        },
      },
    }
    const client = new WarblerClient({ url: server.url, token: tokens.bob! })
    clients.push(client)
    await client.connect()
    expect(await client.push.subscribeBrowser(registration, { deviceId: 'bob-firefox' })).toEqual({ deviceId: 'bob-firefox', provider: 'webpush' })
    const { publicKey } = (await server.rest('GET', `/api/v1/apps/${app.id}/push/vapid-public-key`)).body
    expect(Buffer.from(applicationServerKey!).toString('base64url')).toBe(publicKey)
    client.close()
    await new Promise((resolve) => setTimeout(resolve, 100))
    await api('POST', '/messages', { from: 'alice', to: 'bob', body: { type: 'text', text: 'hello from the SDK test' } })
    const [request] = await endpoint.waitFor('/push/bob')
    expect(JSON.parse(browser.decrypt(request!.body))).toMatchObject({ title: 'alice', body: 'alice: hello from the SDK test' })
  })
})
