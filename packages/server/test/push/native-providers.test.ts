import { generateKeyPairSync } from 'node:crypto'
import http2 from 'node:http2'
import type { AddressInfo } from 'node:net'
import { importSPKI, jwtVerify, decodeProtectedHeader } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUsers, startTestServer, type TestServer } from '../helpers/test-server.js'
import { FakePushService } from './push-endpoint.js'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** A local APNs: HTTP/2 (cleartext, prior knowledge), `/3/device/{token}`, answers like Apple. */
class FakeApns {
  readonly requests: { path: string; headers: http2.IncomingHttpHeaders; body: string }[] = []
  answer: (path: string) => { status: number; body?: string } = () => ({ status: 200 })
  private constructor(private readonly server: http2.Http2Server, readonly url: string) {}

  static async start(): Promise<FakeApns> {
    const server = http2.createServer()
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const fake = new FakeApns(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`)
    server.on('stream', (stream, headers) => {
      const parts: Buffer[] = []
      stream.on('data', (part: Buffer) => parts.push(part))
      stream.on('end', () => {
        const path = String(headers[':path'])
        fake.requests.push({ path, headers, body: Buffer.concat(parts).toString('utf8') })
        const answer = fake.answer(path)
        stream.respond({ ':status': answer.status, 'apns-id': 'id-1', 'content-type': 'application/json' })
        stream.end(answer.body ?? '')
      })
    })
    return fake
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()))
  }
}

const waitUntil = async (check: () => boolean, timeoutMs = 10_000) => {
  const started = Date.now()
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out')
    await sleep(20)
  }
}

describe('FCM, APNs and Huawei Push Kit, each against a local server speaking its wire format', () => {
  let server: TestServer
  let google: FakePushService
  let huawei: FakePushService
  let apns: FakeApns
  let app: { id: string; secret: string }
  let group: string
  const fcmKeys = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } })
  const apnsKeys = generateKeyPairSync('ec', { namedCurve: 'prime256v1', publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } })
  const api = (method: string, path: string, body?: unknown) => server.rest(method, `/api/v1/apps/${app.id}${path}`, { secret: app.secret, ...(body === undefined ? {} : { body }) })
  const send = (text: string) => api('POST', '/messages', { from: 'alice', conversationId: group, body: { type: 'text', text } })
  const log = async (userId: string) => (await api('GET', `/push/deliveries?userId=${userId}`)).body.items as any[]

  beforeAll(async () => {
    google = await FakePushService.start()
    huawei = await FakePushService.start()
    apns = await FakeApns.start()
    google.answer = (request) => {
      if (request.path === '/token') return { status: 200, body: JSON.stringify({ access_token: 'ya29.fcm-access', expires_in: 3600, token_type: 'Bearer' }) }
      const message = JSON.parse(request.body.toString()).message
      if (message.token === 'uninstalled-token') return { status: 404, body: JSON.stringify({ error: { code: 404, status: 'NOT_FOUND', message: 'Requested entity was not found.', details: [{ '@type': 'type.googleapis.com/google.firebase.fcm.v1.FcmError', errorCode: 'UNREGISTERED' }] } }) }
      return { status: 200, body: JSON.stringify({ name: 'projects/warbler-test/messages/1' }) }
    }
    huawei.answer = (request) => {
      if (request.path === '/oauth2/v3/token') return { status: 200, body: JSON.stringify({ access_token: 'hms-access', expires_in: 3600, token_type: 'Bearer' }) }
      const message = JSON.parse(request.body.toString()).message
      return message.token[0] === 'stale-hms-token' ? { status: 200, body: JSON.stringify({ code: '80300007', msg: 'All the tokens are invalid' }) } : { status: 200, body: JSON.stringify({ code: '80000000', msg: 'Success', requestId: 'r1' }) }
    }
    process.env.WARBLER_PUSH_FCM_URL = google.url
    process.env.WARBLER_PUSH_APNS_URL = apns.url
    process.env.WARBLER_PUSH_HMS_URL = huawei.url
    process.env.WARBLER_PUSH_HMS_TOKEN_URL = `${huawei.url}/oauth2/v3/token`
    server = await startTestServer({ server: { webhooks: { outboundAllowlist: ['127.0.0.1'] }, push: { pollIntervalMs: 50 } } })
    delete process.env.WARBLER_PUSH_FCM_URL
    delete process.env.WARBLER_PUSH_APNS_URL
    delete process.env.WARBLER_PUSH_HMS_URL
    delete process.env.WARBLER_PUSH_HMS_TOKEN_URL
    app = await server.createApp()
    await createUsers(server, app, ['alice', 'bob', 'carol', 'dan'])
    group = (await api('POST', '/groups', { name: 'Delivery', ownerId: 'alice', memberIds: ['bob', 'carol', 'dan'] })).body.id
    await api('PATCH', '/settings', { push: { collapseWindowMs: 0 } })
    await api('PATCH', '/users/dan', { ext: { locale: 'zh-CN' } })
  })
  afterAll(async () => {
    await server?.close()
    await google?.close()
    await huawei?.close()
    await apns?.close()
  })

  it('FCM HTTP v1: a service-account JWT (RS256) buys an access token, then messages:send carries the notification; UNREGISTERED prunes', async () => {
    const configured = await api('PUT', '/push/credentials/fcm', {
      serviceAccount: { type: 'service_account', project_id: 'warbler-test', client_email: 'push@warbler-test.iam.gserviceaccount.com', private_key: fcmKeys.privateKey, token_uri: `${google.url}/token` },
    })
    expect(configured.status).toBe(200)
    expect(JSON.stringify(configured.body)).not.toContain('PRIVATE KEY')
    expect(JSON.stringify((await api('GET', '/push/credentials')).body)).not.toContain('PRIVATE KEY')
    await api('PUT', '/users/bob/push-targets/pixel', { provider: 'fcm', token: 'bob-fcm-token' })
    await api('PUT', '/users/carol/push-targets/old-phone', { provider: 'fcm', token: 'uninstalled-token' })
    await send('FCM hello')
    await google.waitFor('/v1/projects/warbler-test/messages:send', 2)

    const [tokenRequest] = google.to('/token')
    const form = new URLSearchParams(tokenRequest!.body.toString())
    expect(form.get('grant_type')).toBe('urn:ietf:params:oauth:grant-type:jwt-bearer')
    const { payload } = await jwtVerify(form.get('assertion')!, await importSPKI(fcmKeys.publicKey, 'RS256'), { audience: `${google.url}/token`, issuer: 'push@warbler-test.iam.gserviceaccount.com' })
    expect(payload.scope).toBe('https://www.googleapis.com/auth/firebase.messaging')
    expect(google.to('/token')).toHaveLength(1)

    const sends = google.to('/v1/projects/warbler-test/messages:send')
    for (const request of sends) expect(request.headers.authorization).toBe('Bearer ya29.fcm-access')
    const toBob = sends.map((request) => JSON.parse(request.body.toString()).message).find((message) => message.token === 'bob-fcm-token')
    expect(toBob).toMatchObject({ notification: { title: 'Delivery', body: 'alice: FCM hello' }, data: { conversationId: group, senderId: 'alice' }, android: { collapse_key: group, priority: 'HIGH' } })
    for (let tries = 0; tries < 100 && (await api('GET', '/users/carol/push-targets')).body.items.length > 0; tries++) await sleep(25)
    expect((await api('GET', '/users/carol/push-targets')).body.items).toEqual([])
    expect((await log('carol'))[0]).toMatchObject({ status: 'pruned', lastStatusCode: 404 })
  })

  it('APNs: HTTP/2 to /3/device/{token} with an ES256 provider token (kid, iss), topic, push type and collapse id; 410 prunes', async () => {
    const configured = await api('PUT', '/push/credentials/apns', { keyId: 'ABC123DEFG', teamId: 'TEAM123456', bundleId: 'com.example.shop', signingKey: apnsKeys.privateKey, environment: 'development' })
    expect(configured.status).toBe(200)
    expect(configured.body.publicInfo).toEqual({ keyId: 'ABC123DEFG', teamId: 'TEAM123456', bundleId: 'com.example.shop', environment: 'development' })
    const live = 'a'.repeat(64)
    const dead = 'b'.repeat(64)
    apns.answer = (path) => (path.endsWith(dead) ? { status: 410, body: JSON.stringify({ reason: 'Unregistered', timestamp: Date.now() }) } : { status: 200 })
    await api('DELETE', '/users/bob/push-targets/pixel')
    await api('PUT', '/users/bob/push-targets/iphone', { provider: 'apns', token: live })
    await api('PUT', '/users/carol/push-targets/old-iphone', { provider: 'apns', token: dead })
    await send('APNs hello')
    await waitUntil(() => apns.requests.length >= 2)
    const request = apns.requests.find((entry) => entry.path === `/3/device/${live}`)!
    expect(request.headers[':method']).toBe('POST')
    expect(request.headers['apns-topic']).toBe('com.example.shop')
    expect(request.headers['apns-push-type']).toBe('alert')
    expect(request.headers['apns-collapse-id']).toBe(group)
    const jwt = String(request.headers.authorization).replace(/^bearer /, '')
    expect(decodeProtectedHeader(jwt)).toMatchObject({ alg: 'ES256', kid: 'ABC123DEFG' })
    expect((await jwtVerify(jwt, await importSPKI(apnsKeys.publicKey, 'ES256'), { issuer: 'TEAM123456' })).payload.iat).toBeTypeOf('number')
    expect(JSON.parse(request.body).aps).toMatchObject({ alert: { title: 'Delivery', body: 'alice: APNs hello' }, 'thread-id': group })
    for (let tries = 0; tries < 100 && (await api('GET', '/users/carol/push-targets')).body.items.length > 0; tries++) await sleep(25)
    expect((await api('GET', '/users/carol/push-targets')).body.items).toEqual([])
  })

  it('Huawei Push Kit: client-credentials token, then /v1/{appId}/messages:send in the user’s language; 80300007 prunes', async () => {
    expect((await api('PUT', '/push/credentials/hms', { appId: '10086', clientSecret: 'hms-secret-value' })).status).toBe(200)
    expect((await api('PUT', '/push/credentials/hms', { appId: 'not-numeric', clientSecret: 'x' })).body.error.code).toBe('validation_failed')
    await api('DELETE', '/users/bob/push-targets/iphone')
    await api('PUT', '/users/dan/push-targets/mate', { provider: 'hms', token: 'dan-hms-token' })
    await api('PUT', '/users/carol/push-targets/p30', { provider: 'hms', token: 'stale-hms-token' })
    await send('华为你好')
    await huawei.waitFor('/v1/10086/messages:send', 2)
    const token = new URLSearchParams(huawei.to('/oauth2/v3/token')[0]!.body.toString())
    expect([token.get('grant_type'), token.get('client_id'), token.get('client_secret')]).toEqual(['client_credentials', '10086', 'hms-secret-value'])
    const toDan = huawei.to('/v1/10086/messages:send').map((request) => ({ headers: request.headers, message: JSON.parse(request.body.toString()).message })).find((entry) => entry.message.token[0] === 'dan-hms-token')!
    expect(toDan.headers.authorization).toBe('Bearer hms-access')
    expect(toDan.message.android.notification).toMatchObject({ title: 'Delivery', body: 'alice：华为你好', tag: group })
    for (let tries = 0; tries < 100 && (await api('GET', '/users/carol/push-targets')).body.items.length > 0; tries++) await sleep(25)
    expect((await api('GET', '/users/carol/push-targets')).body.items).toEqual([])
    expect(JSON.stringify(await log('dan'))).not.toContain('hms-secret-value')
  })
})
