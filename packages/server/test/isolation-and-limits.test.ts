import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RawClient } from './helpers/raw-client.js'
import { createUsers, startTestServer, type TestServer } from './helpers/test-server.js'

describe('tenant isolation, authentication and bad input', () => {
  let server: TestServer
  let appA: { id: string; secret: string }
  let appB: { id: string; secret: string }
  let tokensA: Record<string, string>
  let tokensB: Record<string, string>
  let groupA: string

  beforeAll(async () => {
    server = await startTestServer({ limits: { connectionsPerUser: 3, sendsPerSecond: 5, sendBurst: 5, maxFrameBytes: 16 * 1024, authTimeoutSeconds: 1 } })
    appA = await server.createApp('A')
    appB = await server.createApp('B')
    tokensA = await createUsers(server, appA, ['alice', 'bob', 'mallory'])
    tokensB = await createUsers(server, appB, ['alice', 'eve'])
    const group = await server.rest('POST', `/api/v1/apps/${appA.id}/groups`, { secret: appA.secret, body: { name: 'A team', ownerId: 'alice', memberIds: ['bob'] } })
    groupA = group.body.id
    await server.rest('POST', `/api/v1/apps/${appA.id}/messages`, { secret: appA.secret, body: { from: 'alice', conversationId: groupA, body: { type: 'text', text: 'secret plans' } } })
  })
  afterAll(async () => server.close())

  it('never lets a user of app B see or touch app A, even with the same user id', async () => {
    const aliceOfB = await RawClient.connect(server.url, tokensB.alice!)
    for (const frame of [
      { type: 'history', conversationId: groupA, afterSeq: 0 },
      { type: 'conversation.get', conversationId: groupA },
      { type: 'read', conversationId: groupA, seq: 1 },
    ]) {
      expect(await aliceOfB.request(frame)).toMatchObject({ type: 'error', code: 'not_member' })
    }
    expect(await aliceOfB.sendMessage(groupA, 'hi')).toMatchObject({ type: 'error', code: 'not_member' })
    expect(await aliceOfB.request({ type: 'conversation.open-direct', peerId: 'bob' })).toMatchObject({ type: 'error', code: 'user_not_found' })
    const sync = await aliceOfB.request({ type: 'sync' })
    expect(sync.data.conversations).toEqual([])
    aliceOfB.close()
  })

  it('refuses app B’s secret on app A’s routes, and the wrong app’s ids', async () => {
    const crossSecret = await server.rest('GET', `/api/v1/apps/${appA.id}/conversations/${groupA}/messages`, { secret: appB.secret })
    expect(crossSecret).toMatchObject({ status: 401, body: { error: { code: 'invalid_credentials' } } })
    const wrongApp = await server.rest('GET', `/api/v1/apps/${appB.id}/conversations/${groupA}/messages`, { secret: appB.secret })
    expect(wrongApp).toMatchObject({ status: 404, body: { error: { code: 'conversation_not_found' } } })
    const sendIntoA = await server.rest('POST', `/api/v1/apps/${appB.id}/messages`, {
      secret: appB.secret,
      body: { from: 'alice', conversationId: groupA, body: { type: 'text', text: 'x' } },
    })
    expect(sendIntoA).toMatchObject({ status: 403, body: { error: { code: 'not_member' } } })
    const noAuth = await server.rest('POST', `/api/v1/apps/${appA.id}/users`, { body: { name: 'x' } })
    expect(noAuth).toMatchObject({ status: 401, body: { error: { code: 'unauthenticated' } } })
    const notOperator = await server.rest('POST', '/api/v1/apps', { secret: appA.secret, body: { name: 'x' } })
    expect(notOperator).toMatchObject({ status: 401, body: { error: { code: 'invalid_credentials' } } })
  })

  it('refuses a token signed for another app, a forged token and garbage', async () => {
    const [header, payload] = tokensB.eve!.split('.')
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString())
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, app: appA.id, aud: appA.id })).toString('base64url')}.${tokensB.eve!.split('.')[2]}`
    for (const token of [forged, 'not-a-jwt', tokensA.alice!.slice(0, -4) + 'AAAA']) {
      const client = await RawClient.open(server.url)
      const answer = await client.request({ type: 'auth', token })
      expect(answer).toMatchObject({ type: 'error', code: 'invalid_credentials' })
      expect(await client.closed()).toBe(4001)
    }
  })

  it('answers malformed frames with error frames and keeps serving everyone', async () => {
    const bob = await RawClient.connect(server.url, tokensA.bob!)
    const attacker = await RawClient.connect(server.url, tokensA.mallory!)
    const garbage = [
      '{',
      'null',
      '[]',
      '42',
      '"text"',
      JSON.stringify({ type: 'no.such.frame', id: 'x1' }),
      JSON.stringify({ type: 'message.send', id: 'x2', clientMsgId: 5, conversationId: groupA, body: { type: 'text', text: 'x' } }),
      JSON.stringify({ type: 'message.send', id: 'x3', clientMsgId: 'ok', conversationId: groupA, body: { type: 'text', text: 'x'.repeat(10_001) } }),
      JSON.stringify({ type: 'history', id: 'x4', conversationId: groupA, limit: -1 }),
      JSON.stringify({ type: 'auth', id: 'x5', token: 'again' }),
      JSON.stringify({ type: 'sync', id: 'x6', cursors: { a: 'b' } }),
      JSON.stringify({ type: '__proto__', id: 'x7' }),
      JSON.stringify({ type: 'message.send', id: 'x8', clientMsgId: '../../etc', conversationId: "g'; DROP TABLE events;--", body: { type: 'text', text: 'x' } }),
      '\u0000\uFFFF\uD800',
    ]
    for (let round = 0; round < 20; round++) for (const frame of garbage) attacker.send(frame)
    attacker.socket.send(Buffer.from([1, 2, 3]), { binary: true })
    await attacker.waitFor(() => attacker.frames.filter((frame) => frame.type === 'error').length >= garbage.length * 20 + 1)
    const codes = new Set(attacker.frames.filter((frame) => frame.type === 'error').map((frame) => frame.code))
    expect(codes).toEqual(new Set(['malformed_frame', 'unknown_frame_type', 'validation_failed', 'text_too_long', 'already_authenticated']))
    expect(attacker.frames.find((frame) => frame.id === 'x3')).toMatchObject({ code: 'text_too_long', clientMsgId: 'ok' })
    expect(attacker.frames.find((frame) => frame.id === 'x1')).toMatchObject({ code: 'unknown_frame_type' })
    // the server still serves bob
    const ack = await bob.sendMessage(groupA, 'still here')
    expect(ack.type).toBe('ack')
    const health = await server.rest('GET', '/healthz')
    expect(health.status).toBe(200)
    attacker.close()
    bob.close()
    await Promise.all([attacker.closed(), bob.closed()])
  })

  it('closes a connection whose frame is larger than the limit, and keeps serving', async () => {
    const mallory = await RawClient.connect(server.url, tokensA.mallory!)
    mallory.send('x'.repeat(17 * 1024))
    expect(await mallory.closed()).toBe(1009)
    const bob = await RawClient.connect(server.url, tokensA.bob!)
    expect((await bob.request({ type: 'ping' })).type).toBe('pong')
    bob.close()
  })

  it('refuses frames before auth and closes connections that never authenticate', async () => {
    const anonymous = await RawClient.open(server.url)
    expect(await anonymous.request({ type: 'sync' })).toMatchObject({ type: 'error', code: 'not_authenticated' })
    expect(await anonymous.closed(3000)).toBe(4008)
    expect(anonymous.frames.at(-1)).toMatchObject({ code: 'auth_timeout' })
  })

  it('limits sends per second per connection with rate_limited', async () => {
    const bob = await RawClient.connect(server.url, tokensA.bob!)
    const answers = await Promise.all(Array.from({ length: 12 }, (_, index) => bob.sendMessage(groupA, `burst ${index}`)))
    const limited = answers.filter((answer) => answer.code === 'rate_limited')
    expect(answers.filter((answer) => answer.type === 'ack').length).toBe(5)
    expect(limited.length).toBe(7)
    expect(limited[0].clientMsgId).toBeTypeOf('string')
    bob.close()
  })

  it('limits connections per user', async () => {
    const open = await Promise.all([1, 2, 3].map(() => RawClient.connect(server.url, tokensA.mallory!)))
    const fourth = await RawClient.open(server.url)
    expect(await fourth.request({ type: 'auth', token: tokensA.mallory! })).toMatchObject({ code: 'too_many_connections' })
    expect(await fourth.closed()).toBe(4029)
    for (const client of open) client.close()
  })

  it('revoking tokens closes open connections and refuses the old token', async () => {
    const tokens = await createUsers(server, appA, ['revokee'])
    const client = await RawClient.connect(server.url, tokens.revokee!)
    const revoked = await server.rest('DELETE', `/api/v1/apps/${appA.id}/users/revokee/tokens`, { secret: appA.secret })
    expect(revoked).toMatchObject({ status: 200, body: { revoked: true, tokenVersion: 1 } })
    expect(await client.closed()).toBe(4003)
    expect(client.frames.at(-1)).toMatchObject({ type: 'error', code: 'token_revoked' })
    const again = await RawClient.open(server.url)
    expect(await again.request({ type: 'auth', token: tokens.revokee! })).toMatchObject({ code: 'token_revoked' })
    const fresh = await server.rest('POST', `/api/v1/apps/${appA.id}/users/revokee/tokens`, { secret: appA.secret, body: {} })
    const reconnected = await RawClient.connect(server.url, fresh.body.token)
    reconnected.close()
  })

  it('answers REST bad input with clear codes', async () => {
    const base = `/api/v1/apps/${appA.id}`
    expect(await server.rest('POST', `${base}/users`, { secret: appA.secret, raw: '{"name":' })).toMatchObject({ status: 400, body: { error: { code: 'bad_request' } } })
    expect(await server.rest('POST', `${base}/users`, { secret: appA.secret, body: { id: 'bad id/with slash', name: 'x' } })).toMatchObject({
      status: 400,
      body: { error: { code: 'validation_failed' } },
    })
    expect(await server.rest('POST', `${base}/users`, { secret: appA.secret, body: { id: 'alice', name: 'dup' } })).toMatchObject({
      status: 409,
      body: { error: { code: 'already_exists' } },
    })
    expect(await server.rest('POST', `${base}/users`, { secret: appA.secret, raw: `{"name":"${'x'.repeat(1_100_000)}"}` })).toMatchObject({
      status: 413,
      body: { error: { code: 'payload_too_large' } },
    })
    expect(await server.rest('POST', `${base}/users`, { secret: appA.secret, raw: 'name=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } })).toMatchObject({
      status: 415,
      body: { error: { code: 'unsupported_media_type' } },
    })
    expect(await server.rest('GET', `${base}/users/nobody`, { secret: appA.secret })).toMatchObject({ status: 404, body: { error: { code: 'user_not_found' } } })
    expect(await server.rest('GET', '/api/v1/nothing-here')).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } })
    expect(
      await server.rest('POST', `${base}/groups`, { secret: appA.secret, body: { name: 'g', ownerId: 'alice', memberIds: ['ghost'] } }),
    ).toMatchObject({ status: 404, body: { error: { code: 'user_not_found' } } })
  })

  it('publishes an OpenAPI document covering every REST route', async () => {
    const { body } = await server.rest('GET', '/api/v1/openapi.json')
    expect(body.openapi).toBe('3.1.0')
    const paths = Object.keys(body.paths)
    for (const path of ['/api/v1/apps', '/api/v1/apps/{appId}/users', '/api/v1/apps/{appId}/users/{userId}/tokens', '/api/v1/apps/{appId}/groups', '/api/v1/apps/{appId}/messages']) {
      expect(paths).toContain(path)
    }
    expect(body.paths['/api/v1/apps/{appId}/messages'].post.requestBody.content['application/json'].schema.properties.body).toBeDefined()
  })

  it('exports metrics, health and readiness', async () => {
    const metrics = await server.rest('GET', '/metrics')
    expect(metrics.status).toBe(200)
    for (const name of ['warbler_connections', 'warbler_frames_in_total', 'warbler_sends_total', 'warbler_send_ack_seconds_bucket']) expect(metrics.body).toContain(name)
    expect((await server.rest('GET', '/readyz')).body).toEqual({ status: 'ready', storage: 'sqlite', bus: 'memory' })
  })
})
