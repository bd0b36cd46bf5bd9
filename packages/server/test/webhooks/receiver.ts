import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/** One request a test receiver got. */
export interface ReceivedRequest {
  method: string
  path: string
  headers: IncomingHttpHeaders
  /** The raw body, exactly as sent. */
  body: string
}

/** What the receiver answers; may be slow. */
export type ReceiverAnswer = { status: number; body?: string; delayMs?: number; headers?: Record<string, string> }

/**
 * A webhook receiver on 127.0.0.1 (or another loopback address) for tests: records every request,
 * answers what `answer` says (200 by default).
 */
export class TestReceiver {
  readonly requests: ReceivedRequest[] = []
  answer: (request: ReceivedRequest, index: number) => ReceiverAnswer = () => ({ status: 200, body: 'ok' })
  private readonly waiters = new Set<() => void>()

  private constructor(private readonly server: Server, readonly url: string) {}

  static async start(host = '127.0.0.1'): Promise<TestReceiver> {
    let receiver!: TestReceiver
    const server = createServer((request, response) => {
      const parts: Buffer[] = []
      request.on('data', (part: Buffer) => parts.push(part))
      request.on('end', () => {
        const received = { method: request.method ?? '', path: request.url ?? '', headers: request.headers, body: Buffer.concat(parts).toString('utf8') }
        receiver.requests.push(received)
        const answer = receiver.answer(received, receiver.requests.length - 1)
        const send = () => {
          if (response.destroyed) return
          response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers })
          response.end(answer.body ?? '')
        }
        if (answer.delayMs) setTimeout(send, answer.delayMs)
        else send()
        for (const wake of [...receiver.waiters]) wake()
      })
    })
    await new Promise<void>((resolve) => server.listen(0, host, resolve))
    const { port } = server.address() as AddressInfo
    receiver = new TestReceiver(server, `http://${host}:${port}`)
    return receiver
  }

  /** Resolves once `count` requests matching the filter have arrived; returns them. */
  waitFor(count: number, match: (request: ReceivedRequest) => boolean = () => true, timeoutMs = 10_000): Promise<ReceivedRequest[]> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const matching = this.requests.filter(match)
        if (matching.length >= count) {
          cleanup()
          resolve(matching)
        }
      }
      const timer = setTimeout(() => {
        cleanup()
        reject(new Error(`receiver got ${this.requests.filter(match).length} of ${count} requests`))
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

/** Webhook settings for tests: 127.0.0.1 allowed, fast polling, retries after 100 ms. */
export const FAST_WEBHOOKS = { outboundAllowlist: ['127.0.0.1'], pollIntervalMs: 50, retryScheduleMs: [100], jitter: 0, attemptTimeoutMs: 2000 }
