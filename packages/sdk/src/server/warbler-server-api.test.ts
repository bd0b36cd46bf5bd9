import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WarblerError } from '@warbler/protocol'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { WarblerServerApi } from './warbler-server-api.js'

interface Seen {
  method: string
  url: string
  authorization: string | undefined
  body: unknown
}

let http: Server
let seen: Seen[]
let reply: (seen: Seen) => { status: number; body: unknown }
let api: WarblerServerApi

async function readBody(request: IncomingMessage): Promise<unknown> {
  let text = ''
  for await (const chunk of request) text += String(chunk)
  return text === '' ? undefined : JSON.parse(text)
}

beforeEach(async () => {
  seen = []
  reply = () => ({ status: 200, body: {} })
  http = createServer((request, response) => {
    void readBody(request).then((body) => {
      const entry = { method: request.method!, url: request.url!, authorization: request.headers.authorization, body }
      seen.push(entry)
      const { status, body: answer } = reply(entry)
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(answer))
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
})
