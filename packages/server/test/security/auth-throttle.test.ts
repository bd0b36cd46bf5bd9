import WebSocket from 'ws'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_REDIS_URL, testPrefix } from '../../src/bus/redis/testing/redis-test-server.js'
import { createUsers, startTestServer, type TestServer } from '../helpers/test-server.js'

const MAX_FAILURES = 5
const throttled = { authThrottle: { maxFailures: MAX_FAILURES, windowSeconds: 60 }, trustProxy: true }

/** A REST call from a given client address (the server trusts X-Forwarded-For in these tests). */
function from(server: TestServer, address: string, method: string, path: string, secret: string, body?: unknown) {
  return server.rest(method, path, { secret, headers: { 'x-forwarded-for': address }, ...(body === undefined ? {} : { body }) })
}

/** Opens /ws from a given client address, sends `auth` and returns the answer frame and close code. */
async function wsAuth(server: TestServer, address: string, token: string): Promise<{ frame: any; closeCode: number | undefined }> {
  const socket = new WebSocket(`${server.url.replace(/^http/, 'ws')}/ws`, { headers: { 'x-forwarded-for': address } })
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject))
  const closed = new Promise<number>((resolve) => socket.once('close', resolve))
  const frame = await new Promise<any>((resolve) => {
    socket.once('message', (data) => resolve(JSON.parse(data.toString())))
    socket.send(JSON.stringify({ type: 'auth', id: 'a1', token }))
  })
  const closeCode = frame.type === 'welcome' ? (socket.close(), undefined) : await closed
  return { frame, closeCode }
}

describe('throttling wrong credentials per source address', () => {
  let server: TestServer
  let app: { id: string; secret: string }
  beforeAll(async () => {
    server = await startTestServer({ config: throttled })
    app = await server.createApp()
  })
  afterAll(async () => server.close())

  it('answers 429 rate_limited with Retry-After after too many wrong operator keys, also for the right key from there', async () => {
    for (let attempt = 0; attempt < MAX_FAILURES; attempt++) {
      expect((await from(server, '203.0.113.1', 'GET', '/api/v1/apps', 'wok_wrong')).status).toBe(401)
    }
    const refused = await fetch(`${server.url}/api/v1/apps`, { headers: { authorization: 'Bearer wok_wrong', 'x-forwarded-for': '203.0.113.1' } })
    expect(refused.status).toBe(429)
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(await refused.json()).toEqual({ error: { code: 'rate_limited', message: expect.any(String), details: { retryAfterSeconds: expect.any(Number) } } })
    // Blocked means blocked: otherwise a guesser would still learn when it hit.
    expect((await from(server, '203.0.113.1', 'GET', '/api/v1/apps', server.operatorKey)).status).toBe(429)
    // Another address is not affected.
    expect((await from(server, '198.51.100.1', 'GET', '/api/v1/apps', server.operatorKey)).status).toBe(200)
  })

  it('throttles wrong app secrets the same way, and never slows or counts successful ones', async () => {
    for (let attempt = 0; attempt < 30; attempt++) {
      expect((await from(server, '203.0.113.2', 'GET', `/api/v1/apps/${app.id}/users`, app.secret)).status).toBe(200)
    }
    for (let attempt = 0; attempt < MAX_FAILURES; attempt++) {
      expect((await from(server, '203.0.113.2', 'GET', `/api/v1/apps/${app.id}/users`, 'wsk_wrong')).status).toBe(401)
    }
    expect(await from(server, '203.0.113.2', 'GET', `/api/v1/apps/${app.id}/users`, 'wsk_wrong')).toMatchObject({ status: 429, body: { error: { code: 'rate_limited' } } })
    expect((await from(server, '198.51.100.2', 'GET', `/api/v1/apps/${app.id}/users`, app.secret)).status).toBe(200)
  })

  it('throttles forged user tokens in the WebSocket auth frame (close 4029), not other addresses', async () => {
    const { alice } = await createUsers(server, app, ['alice'])
    for (let attempt = 0; attempt < MAX_FAILURES; attempt++) {
      expect((await wsAuth(server, '203.0.113.3', 'not.a.jwt')).frame).toMatchObject({ type: 'error', code: 'invalid_credentials' })
    }
    const refused = await wsAuth(server, '203.0.113.3', alice!)
    expect(refused.frame).toMatchObject({ type: 'error', code: 'rate_limited' })
    expect(refused.closeCode).toBe(4029)
    expect((await wsAuth(server, '198.51.100.3', alice!)).frame).toMatchObject({ type: 'welcome' })
  })
})

describe('the auth throttle across nodes sharing Redis', () => {
  let nodes: TestServer[]
  beforeAll(async () => {
    const config = { ...throttled, redisUrl: `${TEST_REDIS_URL}?prefix=${encodeURIComponent(testPrefix())}` }
    nodes = [await startTestServer({ config }), await startTestServer({ config })]
  })
  afterAll(async () => Promise.all(nodes.map((node) => node.close())))

  it('counts failures on one node against the same address on the other', async () => {
    const [first, second] = nodes as [TestServer, TestServer]
    for (let attempt = 0; attempt < MAX_FAILURES; attempt++) {
      const node = attempt % 2 === 0 ? first : second
      expect((await from(node, '203.0.113.9', 'GET', '/api/v1/apps', 'wok_wrong')).status).toBe(401)
    }
    expect((await from(first, '203.0.113.9', 'GET', '/api/v1/apps', 'wok_wrong')).status).toBe(429)
    expect((await from(second, '203.0.113.9', 'GET', '/api/v1/apps', second.operatorKey)).status).toBe(429)
    expect((await from(second, '198.51.100.9', 'GET', '/api/v1/apps', second.operatorKey)).status).toBe(200)
  })
})
