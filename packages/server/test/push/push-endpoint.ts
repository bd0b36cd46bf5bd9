import { createECDH, hkdfSync, createDecipheriv, randomBytes } from 'node:crypto'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { importJWK, jwtVerify } from 'jose'

/** One request a fake push service received, body as raw bytes. */
export interface PushRequest {
  method: string
  path: string
  headers: IncomingHttpHeaders
  body: Buffer
}

/**
 * A local HTTP server standing in for a push service (a Web Push endpoint, the FCM or Huawei
 * API): records every request with its raw body and answers what `answer` says.
 */
export class FakePushService {
  readonly requests: PushRequest[] = []
  answer: (request: PushRequest) => { status: number; body?: string; headers?: Record<string, string> } = () => ({ status: 201 })
  private readonly waiters = new Set<() => void>()

  private constructor(private readonly server: Server, readonly url: string) {}

  static async start(host = '127.0.0.1'): Promise<FakePushService> {
    let service!: FakePushService
    const server = createServer((request, response) => {
      const parts: Buffer[] = []
      request.on('data', (part: Buffer) => parts.push(part))
      request.on('end', () => {
        const received = { method: request.method ?? '', path: request.url ?? '', headers: request.headers, body: Buffer.concat(parts) }
        service.requests.push(received)
        const answer = service.answer(received)
        response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers })
        response.end(answer.body ?? '')
        for (const wake of [...service.waiters]) wake()
      })
    })
    await new Promise<void>((resolve) => server.listen(0, host, resolve))
    service = new FakePushService(server, `http://${host}:${(server.address() as AddressInfo).port}`)
    return service
  }

  /** The requests to paths starting with `prefix`. */
  to(prefix: string): PushRequest[] {
    return this.requests.filter((request) => request.path.startsWith(prefix))
  }

  /** Resolves once `count` requests to `prefix` arrived. */
  waitFor(prefix: string, count = 1, timeoutMs = 10_000): Promise<PushRequest[]> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.to(prefix)
        if (found.length >= count) {
          cleanup()
          resolve(found)
        }
      }
      const timer = setTimeout(() => {
        cleanup()
        reject(new Error(`got ${this.to(prefix).length} of ${count} requests to ${prefix}`))
      }, timeoutMs)
      const cleanup = () => {
        clearTimeout(timer)
        this.waiters.delete(check)
      }
      this.waiters.add(check)
      check()
    })
  }

  async close(): Promise<void> {
    this.server.closeAllConnections()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }
}

/** A browser's side of a Web Push subscription: its P-256 key pair and auth secret. */
export class BrowserSubscription {
  private readonly ecdh = createECDH('prime256v1')
  readonly auth = randomBytes(16)
  readonly publicKey: Buffer

  constructor(readonly endpoint: string) {
    this.publicKey = this.ecdh.generateKeys()
  }

  /** What `PushSubscription.toJSON()` gives the app. */
  toJSON() {
    return { endpoint: this.endpoint, expirationTime: null, keys: { p256dh: this.publicKey.toString('base64url'), auth: this.auth.toString('base64url') } }
  }

  /** Decrypts an `aes128gcm` push message body (RFC 8188 / RFC 8291) as the browser would. */
  decrypt(body: Buffer): string {
    const salt = body.subarray(0, 16)
    const idLength = body[20]!
    const senderKey = body.subarray(21, 21 + idLength)
    const ciphertext = body.subarray(21 + idLength)
    const shared = this.ecdh.computeSecret(senderKey)
    const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), this.publicKey, senderKey])
    const ikm = Buffer.from(hkdfSync('sha256', shared, this.auth, keyInfo, 32))
    const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16))
    const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12))
    const decipher = createDecipheriv('aes-128-gcm', cek, nonce)
    decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16))
    const padded = Buffer.concat([decipher.update(ciphertext.subarray(0, ciphertext.length - 16)), decipher.final()])
    // The last record ends with the delimiter 0x02 followed by zero padding.
    let end = padded.length - 1
    while (end >= 0 && padded[end] === 0) end--
    if (padded[end] !== 2) throw new Error('no last-record delimiter')
    return padded.subarray(0, end).toString('utf8')
  }
}

/** Checks a VAPID `Authorization: vapid t=…, k=…` header (RFC 8292); returns the JWT's claims. */
export async function verifyVapid(header: string | undefined, endpoint: string): Promise<{ sub?: string; aud?: string; exp?: number; k: string }> {
  const match = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(header ?? '')
  if (!match) throw new Error(`not a VAPID authorization header: ${header}`)
  const [, token, k] = match as unknown as [string, string, string]
  const point = Buffer.from(k, 'base64url')
  const key = await importJWK({ kty: 'EC', crv: 'P-256', x: point.subarray(1, 33).toString('base64url'), y: point.subarray(33, 65).toString('base64url') }, 'ES256')
  const { payload } = await jwtVerify(token, key, { audience: new URL(endpoint).origin })
  return { ...(payload as { sub?: string; aud?: string; exp?: number }), k }
}
