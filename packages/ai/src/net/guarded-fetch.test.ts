import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AddressPolicy, type Resolver } from './address-policy.js'
import { guardedFetch, type GuardedClientOptions } from './guarded-fetch.js'

interface Hit {
  path: string
  method: string
  headers: http.IncomingHttpHeaders
  body: string
}

/** A local server recording what reached it; `routes` answer by path. */
async function startServer(host: string, routes: Record<string, (request: http.IncomingMessage, response: http.ServerResponse, body: string) => void>, port = 0) {
  const hits: Hit[] = []
  const server = http.createServer((request, response) => {
    const parts: Buffer[] = []
    request.on('data', (part: Buffer) => parts.push(part))
    request.on('end', () => {
      const body = Buffer.concat(parts).toString()
      const path = new URL(request.url ?? '/', 'http://x').pathname
      hits.push({ path, method: request.method ?? '', headers: request.headers, body })
      const route = routes[path]
      if (route) route(request, response, body)
      else response.writeHead(404).end()
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => resolve())
  })
  return { hits, port: (server.address() as AddressInfo).port, close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

describe('guardedFetch', () => {
  let allowed: Awaited<ReturnType<typeof startServer>>
  let blocked: Awaited<ReturnType<typeof startServer>>
  let base: string
  let names: Record<string, string>
  let resolutions: string[]
  const resolver: Resolver = async (hostname) => {
    resolutions.push(hostname)
    const address = names[hostname]
    if (address === undefined) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' })
    return [{ address, family: 4 }]
  }
  const options = (extra: Partial<GuardedClientOptions> = {}): GuardedClientOptions => ({ policy: new AddressPolicy(['127.0.0.1'], resolver), ...extra })

  beforeAll(async () => {
    const redirect = (location: () => string, status = 307) => (_request: http.IncomingMessage, response: http.ServerResponse) => {
      response.writeHead(status, { location: location() }).end()
    }
    allowed = await startServer('127.0.0.1', {
      '/echo': (request, response, body) => {
        response.writeHead(200, { 'content-type': 'application/json' })
        response.end(JSON.stringify({ method: request.method, body, authorization: request.headers.authorization ?? null, host: request.headers.host }))
      },
      '/to-blocked': redirect(() => `http://127.0.0.2:${blocked.port}/steal`),
      '/to-internal-name': redirect(() => `http://metadata.internal:${blocked.port}/steal`),
      '/to-named-allowed': redirect(() => `http://docs.test:${allowed.port}/echo`),
      '/to-same-origin': redirect(() => '/echo'),
      '/loop': redirect(() => '/loop', 302),
      '/big': (_request, response) => {
        response.writeHead(200, { 'content-type': 'text/plain' })
        for (let index = 0; index < 50; index++) response.write('x'.repeat(100))
        response.end()
      },
      '/declared-big': (_request, response) => {
        response.writeHead(200, { 'content-type': 'text/plain', 'content-length': '5000' })
        response.end('x'.repeat(5000))
      },
      '/gzip-bomb': (_request, response) => {
        response.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' })
        response.end(gzipSync(Buffer.alloc(4 * 1024 * 1024)))
      },
      '/gzip': (_request, response) => {
        response.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' })
        response.end(gzipSync('hello, compressed'))
      },
      '/hang': () => {},
      '/sse': (_request, response) => {
        response.writeHead(200, { 'content-type': 'text/event-stream' })
        response.write('data: first\n\n')
        setTimeout(() => response.end('data: second\n\n'), 300)
      },
      '/empty': (_request, response) => {
        response.writeHead(204).end()
      },
    })
    // The same port on another loopback address, which the policy does not allow.
    blocked = await startServer('127.0.0.2', {
      '/steal': (_request, response) => {
        response.writeHead(200).end('stolen')
      },
      '/echo': (_request, response) => {
        response.writeHead(200).end('the blocked server')
      },
    }, allowed.port)
    base = `http://127.0.0.1:${allowed.port}`
  })
  afterAll(async () => {
    await allowed?.close()
    await blocked?.close()
  })
  const reset = () => {
    names = { 'docs.test': '127.0.0.1', 'metadata.internal': '127.0.0.2' }
    resolutions = []
    blocked.hits.length = 0
    allowed.hits.length = 0
  }

  it('refuses an address the policy does not allow, without connecting', async () => {
    reset()
    await expect(guardedFetch(`http://127.0.0.2:${blocked.port}/steal`, undefined, options())).rejects.toMatchObject({ code: 'forbidden' })
    expect(blocked.hits).toHaveLength(0)
  })

  it('refuses a 307 to a blocked address: the request body never reaches it', async () => {
    reset()
    const init = { method: 'POST', body: JSON.stringify({ system: 'secret prompt' }), headers: { authorization: 'Bearer sk-1' } }
    await expect(guardedFetch(`${base}/to-blocked`, init, options())).rejects.toMatchObject({ code: 'forbidden' })
    expect(blocked.hits).toHaveLength(0)
  })

  it('refuses a redirect to a name resolving to a private address, without saying the address', async () => {
    reset()
    const error = await guardedFetch(`${base}/to-internal-name`, { method: 'POST', body: 'x' }, options()).catch((failure: Error) => failure)
    expect(error).toMatchObject({ code: 'forbidden' })
    expect((error as Error).message).toContain('Calling metadata.internal is not allowed: it resolves to a private or reserved address')
    expect((error as Error).message).not.toContain('127.0.0.2')
    expect(blocked.hits).toHaveLength(0)
  })

  it('resolves a name once and connects to the checked address (no DNS rebinding)', async () => {
    reset()
    let calls = 0
    const rebinding: Resolver = async () => [{ address: calls++ === 0 ? '127.0.0.1' : '127.0.0.2', family: 4 }]
    const response = await guardedFetch(`http://rebind.test:${allowed.port}/echo`, undefined, { policy: new AddressPolicy(['127.0.0.1'], rebinding) })
    const answer = await response.json()
    expect(answer.host).toBe(`rebind.test:${allowed.port}`)
    expect(calls).toBe(1)
    expect(allowed.hits.map((hit) => hit.path)).toEqual(['/echo'])
    expect(blocked.hits).toHaveLength(0)
  })

  it('follows a redirect to an allowed host after checking it, repeating a 307 POST without cross-origin credentials', async () => {
    reset()
    const init = { method: 'POST', body: 'payload', headers: { authorization: 'Bearer sk-1' } }
    const response = await guardedFetch(`${base}/to-named-allowed`, init, options())
    expect(response.redirected).toBe(true)
    expect(response.url).toBe(`http://docs.test:${allowed.port}/echo`)
    expect(await response.json()).toEqual({ method: 'POST', body: 'payload', authorization: null, host: `docs.test:${allowed.port}` })
    expect(resolutions).toEqual(['docs.test'])
    const same = await guardedFetch(`${base}/to-same-origin`, init, options())
    expect((await same.json()).authorization).toBe('Bearer sk-1')
  })

  it('refuses or returns redirects when asked to', async () => {
    reset()
    await expect(guardedFetch(`${base}/to-same-origin`, { redirect: 'error' }, options())).rejects.toMatchObject({ code: 'upstream_failed' })
    const manual = await guardedFetch(`${base}/to-blocked`, { redirect: 'manual' }, options())
    expect(manual.status).toBe(307)
    expect(blocked.hits).toHaveLength(0)
  })

  it('stops after the hop limit', async () => {
    reset()
    await expect(guardedFetch(`${base}/loop`, undefined, options({ maxRedirects: 3 }))).rejects.toMatchObject({ code: 'upstream_failed', message: expect.stringContaining('more than 3') })
    expect(allowed.hits.filter((hit) => hit.path === '/loop')).toHaveLength(4)
  })

  it('caps the body size, after decompression too', async () => {
    reset()
    const big = await guardedFetch(`${base}/big`, undefined, options({ maxResponseBytes: 1000 }))
    await expect(big.text()).rejects.toMatchObject({ code: 'payload_too_large' })
    await expect(guardedFetch(`${base}/declared-big`, undefined, options({ maxResponseBytes: 1000 }))).rejects.toMatchObject({ code: 'payload_too_large' })
    const bomb = await guardedFetch(`${base}/gzip-bomb`, undefined, options({ maxResponseBytes: 100_000 }))
    await expect(bomb.arrayBuffer()).rejects.toMatchObject({ code: 'payload_too_large' })
    const small = await guardedFetch(`${base}/gzip`, undefined, options())
    expect(small.headers.get('content-encoding')).toBeNull()
    expect(await small.text()).toBe('hello, compressed')
    expect((await guardedFetch(`${base}/empty`, undefined, options())).status).toBe(204)
  })

  it('times out on a server that never answers, and honours the caller’s abort signal', async () => {
    reset()
    const started = Date.now()
    await expect(guardedFetch(`${base}/hang`, undefined, options({ timeoutMs: 300 }))).rejects.toMatchObject({ code: 'timeout' })
    expect(Date.now() - started).toBeLessThan(3_000)
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 100)
    await expect(guardedFetch(`${base}/hang`, { signal: controller.signal }, options())).rejects.toMatchObject({ name: 'AbortError' })
  })

  it('streams a server-sent event stream as it arrives', async () => {
    reset()
    const started = Date.now()
    const response = await guardedFetch(`${base}/sse`, undefined, options())
    const reader = response.body!.getReader()
    const first = await reader.read()
    expect(new TextDecoder().decode(first.value)).toBe('data: first\n\n')
    expect(Date.now() - started).toBeLessThan(250)
    let rest = ''
    for (let part = await reader.read(); !part.done; part = await reader.read()) rest += new TextDecoder().decode(part.value)
    expect(rest).toBe('data: second\n\n')
  })
})
