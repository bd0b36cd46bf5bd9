import http2 from 'node:http2'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { AddressPolicy } from './address-policy.js'
import { GuardedHttp2Session } from './guarded-http2.js'

describe('GuardedHttp2Session', () => {
  const servers: http2.Http2Server[] = []
  afterEach(() => servers.splice(0).forEach((server) => server.close()))

  const listen = async (handler: (stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders) => void) => {
    const server = http2.createServer()
    server.on('stream', handler)
    servers.push(server)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  }

  it('sends requests on one session to an allowed address and reads the answers', async () => {
    const seen: string[] = []
    const origin = await listen((stream, headers) => {
      seen.push(`${headers[':method']} ${headers[':path']} ${headers['apns-topic']}`)
      stream.respond({ ':status': 200, 'apns-id': 'x' })
      stream.end('{"ok":true}')
    })
    const session = new GuardedHttp2Session(origin, { policy: new AddressPolicy(['127.0.0.1']) })
    const first = await session.request({ method: 'POST', path: '/3/device/a', headers: { 'apns-topic': 'com.example' }, body: '{}' })
    const second = await session.request({ method: 'POST', path: '/3/device/b', headers: { 'apns-topic': 'com.example' }, body: '{}' })
    session.close()
    expect([first.status, first.headers['apns-id'], first.body, second.status]).toEqual([200, 'x', '{"ok":true}', 200])
    expect(seen).toEqual(['POST /3/device/a com.example', 'POST /3/device/b com.example'])
  })

  it('refuses an internal address the policy does not allow, sending nothing', async () => {
    let reached = false
    const origin = await listen((stream) => {
      reached = true
      stream.respond({ ':status': 200 })
      stream.end()
    })
    const session = new GuardedHttp2Session(origin, { policy: new AddressPolicy() })
    await expect(session.request({ method: 'POST', path: '/', body: '{}' })).rejects.toMatchObject({ code: 'forbidden' })
    expect(reached).toBe(false)
  })

  it('caps the answer and times out a stream that never answers', async () => {
    const origin = await listen((stream, headers) => {
      if (headers[':path'] === '/big') {
        stream.respond({ ':status': 200 })
        stream.end('x'.repeat(10_000))
      }
      // '/hang' never answers.
    })
    const session = new GuardedHttp2Session(origin, { policy: new AddressPolicy(['127.0.0.1']), maxResponseBytes: 1000, timeoutMs: 300 })
    await expect(session.request({ method: 'GET', path: '/big' })).rejects.toMatchObject({ code: 'payload_too_large' })
    await expect(session.request({ method: 'GET', path: '/hang' })).rejects.toMatchObject({ code: 'timeout' })
    session.close()
  })
})
