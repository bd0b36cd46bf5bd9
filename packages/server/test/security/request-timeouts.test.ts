import { connect, type Socket } from 'node:net'
import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RawClient } from '../helpers/raw-client.js'
import { createUsers, startTestServer, type TestServer } from '../helpers/test-server.js'

const timeouts = { headersSeconds: 2, bodySeconds: 1, minBodyBytesPerSecond: 1000, requestSeconds: 60 }

/** Opens a raw socket, writes `head`, then one byte of `trickle` every `everyMs` until the server closes it. */
function trickle(url: string, head: string, trickleBytes: string, everyMs: number): Promise<{ answer: string; openMs: number }> {
  const { port } = new URL(url)
  return new Promise((resolve) => {
    const startedAt = Date.now()
    let answer = ''
    let sent = 0
    let timer: NodeJS.Timeout | undefined
    const socket: Socket = connect(Number(port), '127.0.0.1', () => {
      socket.write(head)
      timer = setInterval(() => {
        if (sent < trickleBytes.length && socket.writable) socket.write(trickleBytes[sent++]!)
      }, everyMs)
    })
    socket.on('data', (chunk) => (answer += chunk))
    socket.on('error', () => undefined)
    socket.on('close', () => {
      clearInterval(timer)
      resolve({ answer, openMs: Date.now() - startedAt })
    })
  })
}

const bodyOf = (answer: string) => JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))

describe('request, header and body timeouts', () => {
  let server: TestServer
  let app: { id: string; secret: string }
  beforeAll(async () => {
    server = await startTestServer({ config: { timeouts } })
    app = await server.createApp()
  })
  afterAll(async () => server.close())

  it('closes a body trickled a byte at a time with 408 timeout soon after the body timeout', async () => {
    const body = JSON.stringify({ name: 'slow' }).padEnd(200, ' ')
    const head = `POST /api/v1/apps/${app.id}/users HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${app.secret}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`
    const { answer, openMs } = await trickle(server.url, head, body, 200)
    expect(openMs).toBeLessThan(4000)
    expect(answer).toMatch(/^HTTP\/1\.1 408 /)
    expect(bodyOf(answer)).toEqual({ error: { code: 'timeout', message: expect.any(String) } })
  })

  it('closes headers trickled a byte at a time after the headers timeout, in the error shape', async () => {
    const { answer, openMs } = await trickle(server.url, 'GET /healthz HTTP/1.1\r\n', `X-Slow: ${'a'.repeat(200)}\r\n\r\n`, 200)
    expect(openMs).toBeLessThan(5000)
    expect(answer).toMatch(/^HTTP\/1\.1 408 /)
    expect(bodyOf(answer)).toEqual({ error: { code: 'timeout', message: expect.any(String) } })
  })

  it('lets a slow but steady upload run past the body timeout, and a WebSocket stay open', async () => {
    const { alice } = await createUsers(server, app, ['alice', 'bob'])
    const socket = await RawClient.connect(server.url, alice!)
    const group = await server.rest('POST', `/api/v1/apps/${app.id}/groups`, { secret: app.secret, body: { name: 'Team', ownerId: 'alice', memberIds: ['bob'] } })
    const boundary = 'steadyboundary'
    const parts = [
      `--${boundary}\r\nContent-Disposition: form-data; name="conversationId"\r\n\r\n${group.body.id}\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="steady.txt"\r\nContent-Type: text/plain\r\n\r\n`,
      ...Array.from({ length: 12 }, () => 'steady bytes '.repeat(400)),
      `\r\n--${boundary}--\r\n`,
    ]
    const startedAt = Date.now()
    const uploaded = await new Promise<{ status: number; body: any }>((resolve, reject) => {
      const call = request(`${server.url}/api/v1/apps/${app.id}/files`, { method: 'POST', headers: { authorization: `Bearer ${alice}`, 'content-type': `multipart/form-data; boundary=${boundary}` } }, (response) => {
        let text = ''
        response.on('data', (chunk) => (text += chunk))
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) }))
      })
      call.on('error', reject)
      let index = 0
      const next = () => {
        if (index === parts.length - 1) return call.end(parts[index])
        call.write(parts[index++])
        setTimeout(next, 250)
      }
      next()
    })
    expect(Date.now() - startedAt).toBeGreaterThan(timeouts.bodySeconds * 1000 * 2)
    expect(uploaded.status).toBe(201)
    expect(socket.closeCode).toBeUndefined()
    expect((await socket.request({ type: 'ping' })).type).toBe('pong')
    socket.close()
  })
})

describe('a WebSocket outlives the whole-request timeout', () => {
  it('stays open and answers after three times requestTimeout', async () => {
    const server = await startTestServer({ config: { timeouts: { headersSeconds: 1, bodySeconds: 1, minBodyBytesPerSecond: 1000, requestSeconds: 1 } } })
    try {
      const app = await server.createApp()
      const { alice } = await createUsers(server, app, ['alice'])
      const socket = await RawClient.connect(server.url, alice!)
      await new Promise((resolve) => setTimeout(resolve, 3000))
      expect(socket.closeCode).toBeUndefined()
      expect((await socket.request({ type: 'ping' })).type).toBe('pong')
      socket.close()
    } finally {
      await server.close()
    }
  })
})
