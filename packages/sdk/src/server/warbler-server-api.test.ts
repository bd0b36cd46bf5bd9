import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WarblerError } from '@warbler/protocol'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { WarblerServerApi } from './warbler-server-api.js'
import type { ResultOf } from './operation-types.js'

interface Seen {
  method: string
  url: string
  authorization: string | undefined
  contentType: string | undefined
  body: unknown
  raw: string
}

let http: Server
let seen: Seen[]
let reply: (seen: Seen) => { status: number; body: unknown; headers?: Record<string, string> }
let api: WarblerServerApi

async function readBody(request: IncomingMessage): Promise<{ body: unknown; raw: string }> {
  let raw = ''
  for await (const chunk of request) raw += String(chunk)
  const json = request.headers['content-type']?.startsWith('application/json')
  return { raw, body: raw === '' || !json ? undefined : JSON.parse(raw) }
}

beforeEach(async () => {
  seen = []
  reply = () => ({ status: 200, body: {} })
  http = createServer((request, response) => {
    void readBody(request).then(({ body, raw }) => {
      const entry = { method: request.method!, url: request.url!, authorization: request.headers.authorization, contentType: request.headers['content-type'], body, raw }
      seen.push(entry)
      const { status, body: answer, headers } = reply(entry)
      response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(answer))
    })
  })
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  const { port } = http.address() as AddressInfo
  api = new WarblerServerApi({ url: `http://127.0.0.1:${port}/`, appId: 'app_1', secret: 's3cret' })
})
afterEach(async () => {
  await new Promise((resolve) => http.close(resolve))
})

describe('WarblerServerApi', () => {
  it('calls each endpoint with the app secret and returns the answer', async () => {
    reply = ({ url }) => ({
      status: url.endsWith('/tokens') ? 200 : 201,
      body: url.endsWith('/tokens') ? { token: 't', expiresAt: 5 } : { ok: url },
    })
    await api.createUser({ id: 'alice', name: 'Alice' })
    const token = await api.createToken('alice', { ttlSeconds: 3600 })
    await api.revokeTokens('alice')
    await api.createGroup({ name: 'team', ownerId: 'alice', memberIds: ['bob'] })
    await api.sendMessage({ from: 'alice', to: 'bob', body: { type: 'text', text: 'hi' } })
    expect(token).toEqual({ token: 't', expiresAt: 5 })
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      'POST /api/v1/apps/app_1/users',
      'POST /api/v1/apps/app_1/users/alice/tokens',
      'DELETE /api/v1/apps/app_1/users/alice/tokens',
      'POST /api/v1/apps/app_1/groups',
      'POST /api/v1/apps/app_1/messages',
    ])
    expect(new Set(seen.map((s) => s.authorization))).toEqual(new Set(['Bearer s3cret']))
    expect(seen[0]!.body).toEqual({ id: 'alice', name: 'Alice' })
    expect(seen[2]!.body).toBeUndefined()
    expect(seen[4]!.body).toEqual({ from: 'alice', to: 'bob', body: { type: 'text', text: 'hi' } })
  })

  it('deletes the app with the typed confirmation in the query (the operator key as the secret)', async () => {
    reply = () => ({ status: 202, body: { appId: 'app_1', deletedAt: 5, keyDestroyed: true, stopped: {}, purge: 'running', repeated: false } })
    const receipt = await api.app.delete({ confirm: 'app_1' })
    expect(`${seen[0]!.method} ${seen[0]!.url}`).toBe('DELETE /api/v1/apps/app_1?confirm=app_1')
    expect(receipt.purge).toBe('running')
  })

  it('throws the server error as a WarblerError with its code', async () => {
    reply = () => ({ status: 404, body: { error: { code: 'user_not_found', message: 'No user bob.' } } })
    const error = await api.createToken('bob').catch((e: unknown) => e)
    expect(WarblerError.isInstance(error)).toBe(true)
    expect(error).toMatchObject({ code: 'user_not_found', message: 'No user bob.', status: 404 })
  })

  it('maps an error without a Warbler body by its HTTP status', async () => {
    reply = () => ({ status: 429, body: 'slow down' })
    await expect(api.createUser({ name: 'x' })).rejects.toMatchObject({ code: 'rate_limited' })
  })

  it('reports an unreachable server as unavailable', async () => {
    const offline = new WarblerServerApi({ url: 'http://127.0.0.1:1', appId: 'a', secret: 's' })
    await expect(offline.createUser({ name: 'x' })).rejects.toMatchObject({ code: 'unavailable' })
  })

  it('fills path parameters (encoded), sends the body of a write and the query of a read', async () => {
    reply = () => ({ status: 200, body: { items: [], next: null } })
    await api.users.get('al ice/1')
    await api.users.list({ limit: 2, after: 'bob' })
    await api.groups.removeMember('cnv_1', 'bob', { actorId: 'alice' })
    await api.messages.edit('cnv_1', 7, { as: 'alice', body: { type: 'text', text: 'fixed' } })
    await api.webhooks.listDeliveries('wh_1', { status: 'failed', limit: 10 })
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      'GET /api/v1/apps/app_1/users/al%20ice%2F1',
      'GET /api/v1/apps/app_1/users?limit=2&after=bob',
      'DELETE /api/v1/apps/app_1/groups/cnv_1/members/bob?actorId=alice',
      'POST /api/v1/apps/app_1/conversations/cnv_1/messages/7/edit',
      'GET /api/v1/apps/app_1/webhooks/wh_1/deliveries?status=failed&limit=10',
    ])
    expect(seen[3]!.body).toEqual({ as: 'alice', body: { type: 'text', text: 'fixed' } })
    expect(seen[1]!.body).toBeUndefined()
  })

  it('types answers from the OpenAPI document', async () => {
    reply = () => ({ status: 200, body: { items: [{ id: 'bob', name: 'Bob', kind: 'user' }], next: 'bob' } })
    const page: ResultOf<'listUsers'> = await api.users.list()
    // A compile-time check as much as a runtime one: `items` is User[], `next` a string or null.
    const names: string[] = page.items.map((user) => user.name)
    const next: string | null = page.next
    expect({ names, next }).toEqual({ names: ['Bob'], next: 'bob' })
    expect(api.users.list.operation).toEqual({ operationId: 'listUsers', method: 'GET', path: '/users' })
  })

  it('refuses a call with a missing path parameter before sending anything', async () => {
    await expect(api.users.get('')).rejects.toMatchObject({ code: 'bad_request', message: expect.stringContaining('{userId}') })
    expect(seen).toEqual([])
  })

  it('uploads a file as multipart with the fields first and the file last', async () => {
    reply = () => ({ status: 201, body: { id: 'file_1' } })
    await api.files.upload({ data: new TextEncoder().encode('hello'), filename: 'hi.txt', contentType: 'text/plain' }, { conversationId: 'cnv_1', uploaderId: 'alice' })
    expect(seen[0]!.url).toBe('/api/v1/apps/app_1/files')
    expect(seen[0]!.contentType).toMatch(/^multipart\/form-data; boundary=/)
    const raw = seen[0]!.raw
    expect(raw.indexOf('name="conversationId"')).toBeLessThan(raw.indexOf('name="file"; filename="hi.txt"'))
    expect(raw).toContain('Content-Type: text/plain')
    expect(raw).toContain('hello')
    await expect(api.files.upload({ data: 'not bytes' as never, filename: 'x' })).rejects.toMatchObject({ code: 'bad_request' })
  })

  it('throws rate_limited with retryAfterMs, and with rateLimitRetries waits Retry-After and tries again', async () => {
    let calls = 0
    reply = () => (++calls === 1 ? { status: 429, body: { error: { code: 'rate_limited', message: 'Slow down.' } }, headers: { 'retry-after': '1' } } : { status: 200, body: { conversationId: 'c', seq: 1, ts: 1, duplicate: false } })
    await expect(api.messages.send({ from: 'alice', to: 'bob', body: { type: 'text', text: 'hi' } })).rejects.toMatchObject({ code: 'rate_limited', details: { retryAfterMs: 1000 } })
    calls = 0
    const { port } = http.address() as AddressInfo
    const limited: unknown[] = []
    const patient = new WarblerServerApi({ url: `http://127.0.0.1:${port}`, appId: 'app_1', secret: 's3cret', rateLimitRetries: 1, onRateLimited: (info) => limited.push(info) })
    const started = Date.now()
    await expect(patient.messages.send({ from: 'alice', to: 'bob', body: { type: 'text', text: 'hi' } })).resolves.toMatchObject({ seq: 1 })
    expect(Date.now() - started).toBeGreaterThanOrEqual(950)
    expect(limited).toEqual([{ path: '/messages', retryAfterMs: 1000, attempt: 0 }])
  })
})
