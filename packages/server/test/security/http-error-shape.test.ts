import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../helpers/test-server.js'

/** Writes raw bytes to the server and returns everything it answers until it closes the socket. */
function rawExchange(url: string, text: string): Promise<{ status: number; body: any }> {
  const { port } = new URL(url)
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => socket.write(text))
    let answer = ''
    socket.on('data', (chunk) => (answer += chunk))
    socket.on('error', () => undefined)
    socket.on('close', () => {
      const [head = '', body = ''] = answer.split('\r\n\r\n')
      const status = Number(/^HTTP\/1\.1 (\d+)/.exec(head)?.[1])
      try {
        resolve({ status, body: JSON.parse(body) })
      } catch {
        reject(new Error(`not JSON: ${JSON.stringify(answer)}`))
      }
    })
  })
}

const shaped = (code: string) => ({ error: { code, message: expect.any(String) } })

describe("Fastify's and Node's own errors keep the { error: { code, message } } shape", () => {
  let server: TestServer
  let app: { id: string; secret: string }
  beforeAll(async () => {
    server = await startTestServer()
    app = await server.createApp()
  })
  afterAll(async () => server.close())

  it('a malformed percent-encoding in the path (FST_ERR_BAD_URL) is bad_request', async () => {
    const answer = await server.rest('GET', '/api/v1/apps/%E0%A4%A/users', { secret: app.secret })
    expect(answer).toEqual({ status: 400, body: shaped('bad_request') })
    const consoleAnswer = await server.rest('GET', '/api/v1/console/apps/%E0%A4%A', {})
    expect(consoleAnswer).toEqual({ status: 400, body: shaped('bad_request') })
  })

  it('an over-long path segment (FST_ERR_MAX_PARAM_LENGTH, was 414) is validation_failed', async () => {
    const answer = await server.rest('GET', `/api/v1/apps/${'a'.repeat(600)}/users`, { secret: app.secret })
    expect(answer).toEqual({ status: 400, body: shaped('validation_failed') })
  })

  it('a 128-character user id, the longest allowed, is reachable by its URL (the router allowed 100)', async () => {
    const id = `u${'x'.repeat(127)}`
    expect((await server.rest('POST', `/api/v1/apps/${app.id}/users`, { secret: app.secret, body: { id, name: 'Long' } })).status).toBe(201)
    const read = await server.rest('GET', `/api/v1/apps/${app.id}/users/${id}`, { secret: app.secret })
    expect(read.status).toBe(200)
    expect(read.body.id).toBe(id)
  })

  it('bad JSON, a wrong content type and a body too large each have their code, on REST and console routes', async () => {
    for (const path of [`/api/v1/apps/${app.id}/users`, '/api/v1/console/session']) {
      const headers = { 'x-warbler-csrf': '1' }
      expect(await server.rest('POST', path, { secret: app.secret, raw: '{bad', headers })).toEqual({ status: 400, body: shaped('bad_request') })
      expect(await server.rest('POST', path, { secret: app.secret, raw: '<x/>', headers: { ...headers, 'content-type': 'text/xml' } })).toEqual({ status: 415, body: shaped('unsupported_media_type') })
      expect(await server.rest('POST', path, { secret: app.secret, raw: JSON.stringify({ name: 'x'.repeat(3_000_000) }), headers })).toEqual({ status: 413, body: shaped('payload_too_large') })
    }
  })

  it('an unknown route and a wrong method are not_found', async () => {
    expect(await server.rest('GET', '/api/v1/nothing-here')).toEqual({ status: 404, body: shaped('not_found') })
    expect(await server.rest('DELETE', '/api/v1/apps', { secret: server.operatorKey })).toEqual({ status: 404, body: shaped('not_found') })
    expect(await server.rest('GET', '/api/v1/console/nothing-here')).toEqual({ status: 404, body: shaped('not_found') })
  })

  it("requests Node's parser refuses (garbage, an unknown method, headers too large) get the shape, and the server lives on", async () => {
    expect(await rawExchange(server.url, 'GARBAGE\r\n\r\n')).toEqual({ status: 400, body: shaped('bad_request') })
    expect(await rawExchange(server.url, 'FOO / HTTP/1.1\r\nHost: x\r\n\r\n')).toEqual({ status: 400, body: shaped('bad_request') })
    expect(await rawExchange(server.url, `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`)).toEqual({ status: 431, body: shaped('payload_too_large') })
    expect((await server.rest('GET', '/healthz')).status).toBe(200)
  })
})
