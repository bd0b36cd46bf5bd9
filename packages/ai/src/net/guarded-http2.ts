import http2, { type ClientHttp2Session } from 'node:http2'
import type { LookupFunction } from 'node:net'
import { WarblerError } from '@warbler/protocol'
import type { AddressPolicy, CheckedTarget } from './address-policy.js'

/** One HTTP/2 request through the guarded client. */
export interface GuardedHttp2Request {
  method: string
  /** Path and query on the session's origin. */
  path: string
  headers?: Record<string, string>
  body?: string | Uint8Array
}

/** The answer: status, headers and the whole body as text (bounded). */
export interface GuardedHttp2Response {
  status: number
  headers: Record<string, string>
  body: string
}

/** Options of a guarded HTTP/2 session. */
export interface GuardedHttp2Options {
  policy: AddressPolicy
  /** Time to connect (TCP and TLS), in ms (default 10 s). */
  connectTimeoutMs?: number
  /** Time for one request, in ms (default 30 s). */
  timeoutMs?: number
  /** Most bytes of a response body (default 64 KiB). */
  maxResponseBytes?: number
}

/**
 * An HTTP/2 session (for services that speak only HTTP/2, such as APNs) on the same guard as
 * {@link import('./guarded-fetch.js').guardedFetch}: the origin's host is resolved once, every
 * address checked against the policy, and the socket connects to the checked address (TLS SNI stays
 * the name). The session is reused for many requests, as HTTP/2 services expect, and reconnects
 * (checking again) after it closes. HTTP/2 has no redirects to follow.
 *
 * @example
 * ```ts
 * const session = new GuardedHttp2Session('https://api.push.apple.com', { policy })
 * const answer = await session.request({ method: 'POST', path: '/3/device/abc', headers, body })
 * session.close()
 * ```
 */
export class GuardedHttp2Session {
  private session: Promise<ClientHttp2Session> | undefined

  constructor(
    private readonly origin: string,
    private readonly options: GuardedHttp2Options,
  ) {}

  /** Sends one request and reads its whole answer. */
  async request(request: GuardedHttp2Request): Promise<GuardedHttp2Response> {
    const session = await this.connect()
    const timeoutMs = this.options.timeoutMs ?? 30_000
    const maxBytes = this.options.maxResponseBytes ?? 64 * 1024
    const host = new URL(this.origin).host
    return new Promise<GuardedHttp2Response>((resolve, reject) => {
      const stream = session.request({ ':method': request.method, ':path': request.path, ...request.headers })
      let timedOut = false
      const timer = setTimeout(() => {
        timedOut = true
        stream.close(http2.constants.NGHTTP2_CANCEL)
      }, timeoutMs)
      timer.unref?.()
      let status = 0
      let headers: Record<string, string> = {}
      const chunks: Buffer[] = []
      let size = 0
      let settled = false
      const finish = (error?: Error): void => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        if (timedOut) reject(new WarblerError('timeout', `${host} did not answer within ${timeoutMs} ms.`))
        else if (error) reject(error)
        else if (status === 0) reject(new WarblerError('upstream_failed', `${host} closed the stream without an answer.`))
        else resolve({ status, headers, body: Buffer.concat(chunks).toString('utf8') })
      }
      stream.on('response', (head) => {
        status = Number(head[':status'] ?? 0)
        headers = Object.fromEntries(Object.entries(head).filter(([name]) => !name.startsWith(':')).map(([name, value]) => [name, String(value)]))
      })
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length
        if (size > maxBytes) {
          stream.close(http2.constants.NGHTTP2_CANCEL)
          finish(new WarblerError('payload_too_large', `The answer from ${host} is larger than ${maxBytes} bytes.`))
          return
        }
        chunks.push(chunk)
      })
      stream.on('end', () => finish())
      stream.on('close', () => finish(new WarblerError('upstream_failed', `${host} closed the stream.`)))
      stream.on('error', (error) => finish(new WarblerError('upstream_failed', `Sending to ${host} failed (${(error as NodeJS.ErrnoException).code ?? 'stream error'}).`)))
      stream.end(request.body)
    })
  }

  /** Closes the session (requests in flight finish first). */
  close(): void {
    const pending = this.session
    this.session = undefined
    void pending?.then((session) => session.close()).catch(() => undefined)
  }

  private connect(): Promise<ClientHttp2Session> {
    this.session ??= this.open().catch((error: unknown) => {
      this.session = undefined
      throw error
    })
    return this.session
  }

  private async open(): Promise<ClientHttp2Session> {
    const target: CheckedTarget = await this.options.policy.check(this.origin)
    const pinned: LookupFunction = (_hostname, lookupOptions, callback) => {
      if ((lookupOptions as { all?: boolean }).all) callback(null, [{ address: target.address, family: target.family }])
      else callback(null, target.address, target.family)
    }
    const connectTimeoutMs = this.options.connectTimeoutMs ?? 10_000
    return new Promise<ClientHttp2Session>((resolve, reject) => {
      const session = http2.connect(target.url.origin, { lookup: pinned })
      const timer = setTimeout(() => {
        session.destroy()
        reject(new WarblerError('timeout', `Connecting to ${target.url.host} took longer than ${connectTimeoutMs} ms.`))
      }, connectTimeoutMs)
      session.once('connect', () => {
        clearTimeout(timer)
        resolve(session)
      })
      session.once('error', (error) => {
        clearTimeout(timer)
        reject(new WarblerError('upstream_failed', `Connecting to ${target.url.host} failed (${(error as NodeJS.ErrnoException).code ?? 'error'}).`))
      })
      // A session that ends (GOAWAY, idle close, error) is replaced on the next request.
      session.once('close', () => {
        if (this.session) void this.session.then((current) => current === session && (this.session = undefined)).catch(() => undefined)
      })
      session.on('error', () => undefined)
      session.unref()
    })
  }
}
