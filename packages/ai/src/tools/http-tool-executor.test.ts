import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AddressPolicy } from '../net/index.js'
import { HttpToolExecutor } from './http-tool-executor.js'
import type { HttpToolSpec } from './tool-types.js'

let server: Server
let base: string
let port: number
const seen: IncomingMessage[] = []

beforeAll(async () => {
  server = createServer((request, response) => {
    seen.push(request)
    const url = new URL(request.url ?? '/', 'http://x')
    if (url.pathname === '/big') return response.end('x'.repeat(3000))
    if (url.pathname === '/slow') return void setTimeout(() => response.end('late'), 2000)
    if (url.pathname === '/to-private') return void response.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end()
    if (url.pathname === '/to-other-origin') return void response.writeHead(307, { location: `http://localhost:${port}/echo` }).end()
    if (url.pathname === '/to-same-origin') return void response.writeHead(303, { location: '/echo' }).end()
    let body = ''
    request.on('data', (chunk) => (body += chunk))
    request.on('end', () => {
      response.writeHead(url.pathname === '/missing' ? 404 : 200, { 'content-type': 'application/json' })
      response.end(JSON.stringify({ method: request.method, path: url.pathname, query: url.search, headers: request.headers, body }))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as AddressInfo).port
  base = `http://127.0.0.1:${port}`
})

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

const executor = (maxResponseBytes?: number) => new HttpToolExecutor({ policy: new AddressPolicy(['127.0.0.1', 'localhost']), ...(maxResponseBytes ? { maxResponseBytes } : {}) })
const spec = (path: string, extra: Partial<HttpToolSpec> = {}): HttpToolSpec => ({ method: 'GET', url: `${base}${path}`, ...extra })

describe('HttpToolExecutor', () => {
  it('fills path, query and header parameters and sends the body as JSON; the identity and secrets cannot be overridden', async () => {
    const tool = spec('/orders/{orderId}', {
      method: 'POST',
      headers: { 'X-Static': 'yes' },
      parameters: [
        { name: 'orderId', in: 'path' },
        { name: 'tags', in: 'query' },
        { name: 'fields', in: 'query', explode: false },
        { name: 'X-Locale', in: 'header' },
        { name: 'Warbler-Identity', in: 'header' },
      ],
    })
    const result = await executor().call({
      spec: tool,
      arguments: { orderId: 'A/1001?x', tags: ['a', 'b'], fields: ['id', 'status'], 'X-Locale': 'zh-CN', 'Warbler-Identity': 'forged', 'X-Api-Key': 'guess', body: { note: 'hi' } },
      secretHeaders: { 'X-Api-Key': 'sk-secret' },
      identityToken: 'signed.jwt.token',
    })
    expect(result).toMatchObject({ status: 200, ok: true, truncated: false })
    const echoed = JSON.parse(result.body)
    expect(echoed.path).toBe('/orders/A%2F1001%3Fx')
    expect(echoed.query).toBe('?tags=a&tags=b&fields=id%2Cstatus')
    expect(echoed.headers).toMatchObject({ 'x-static': 'yes', 'x-locale': 'zh-CN', 'x-api-key': 'sk-secret', 'warbler-identity': 'signed.jwt.token', 'content-type': 'application/json' })
    expect(JSON.parse(echoed.body)).toEqual({ note: 'hi' })
  })

  it('reports a non-2xx answer as a result and refuses a missing path argument', async () => {
    const result = await executor().call({ spec: spec('/missing'), arguments: {} })
    expect(result).toMatchObject({ status: 404, ok: false })
    await expect(executor().call({ spec: spec('/orders/{id}', { parameters: [{ name: 'id', in: 'path' }] }), arguments: {} })).rejects.toMatchObject({ code: 'validation_failed' })
  })

  it('cuts the response at the cap', async () => {
    const result = await executor(1000).call({ spec: spec('/big'), arguments: {} })
    expect(result.truncated).toBe(true)
    expect(result.body.length).toBe(1000)
  })

  it('times out', async () => {
    await expect(executor().call({ spec: spec('/slow', { timeoutMs: 200 }), arguments: {} })).rejects.toMatchObject({ code: 'timeout' })
  })

  it('refuses a redirect to a private address, and refuses private addresses that are not allowlisted', async () => {
    await expect(executor().call({ spec: spec('/to-private'), arguments: {} })).rejects.toMatchObject({ code: 'forbidden' })
    const strict = new HttpToolExecutor({ policy: new AddressPolicy() })
    await expect(strict.call({ spec: spec('/echo'), arguments: {} })).rejects.toMatchObject({ code: 'forbidden' })
  })

  it('follows redirects, keeping secrets and the identity only within the origin the tool named', async () => {
    const same = JSON.parse((await executor().call({ spec: spec('/to-same-origin'), arguments: {}, secretHeaders: { 'X-Api-Key': 'sk' }, identityToken: 'jwt' })).body)
    expect(same.headers).toMatchObject({ 'x-api-key': 'sk', 'warbler-identity': 'jwt' })
    const other = JSON.parse((await executor().call({ spec: spec('/to-other-origin'), arguments: {}, secretHeaders: { 'X-Api-Key': 'sk' }, identityToken: 'jwt' })).body)
    expect(other.path).toBe('/echo')
    expect(other.headers['x-api-key']).toBeUndefined()
    expect(other.headers['warbler-identity']).toBeUndefined()
  })
})
