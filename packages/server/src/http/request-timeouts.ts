import type { IncomingMessage, ServerOptions } from 'node:http'
import type { FastifyInstance } from 'fastify'
import { WarblerError } from '@warbler/protocol'
import type { ServerConfig } from '../config/config.js'

/**
 * Node's own limits on receiving a request: headers within `headersSeconds`, the whole request
 * within `requestSeconds` (Fastify's `requestTimeout`), checked often enough to matter.
 */
export function nodeRequestTimeouts(timeouts: ServerConfig['timeouts']): { requestTimeout: number; http: ServerOptions } {
  const headersTimeout = timeouts.headersSeconds * 1000
  const requestTimeout = Math.max(timeouts.requestSeconds * 1000, headersTimeout)
  // Node checks its timeouts only this often (default 30 s, which would stretch a 1 s timeout to 30).
  const connectionsCheckingInterval = Math.max(100, Math.min(1000, headersTimeout / 4))
  return { requestTimeout, http: { headersTimeout, requestTimeout, connectionsCheckingInterval } }
}

function hasBody(request: IncomingMessage): boolean {
  const length = request.headers['content-length']
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0')
}

/**
 * The body timeout: a request body must be complete within `bodySeconds` of its headers, or, past
 * that, still be arriving at `minBodyBytesPerSecond` on average. A body trickled a byte at a time is
 * answered 408 `timeout` and its connection closed; a large upload on a slow but steady link goes
 * on. Watched through the socket's byte count, so the body stream itself is left to its reader.
 */
export function registerBodyTimeout(fastify: FastifyInstance, timeouts: ServerConfig['timeouts']): void {
  const graceMs = timeouts.bodySeconds * 1000
  fastify.addHook('onRequest', (request, reply, done) => {
    const raw = request.raw
    if (raw.complete || !hasBody(raw)) return done()
    const socket = raw.socket
    const startedAt = Date.now()
    const startBytes = socket.bytesRead
    let timer: NodeJS.Timeout | undefined
    const stop = () => clearTimeout(timer)
    const check = () => {
      if (raw.complete || socket.destroyed) return
      const elapsedSeconds = (Date.now() - startedAt) / 1000
      if (socket.bytesRead - startBytes >= timeouts.minBodyBytesPerSecond * elapsedSeconds) {
        timer = setTimeout(check, 1000)
        return
      }
      const answer = new WarblerError('timeout', `The request body did not arrive within ${timeouts.bodySeconds} s.`)
      const body = JSON.stringify(answer.toBody())
      if (!reply.raw.headersSent) reply.raw.writeHead(408, { connection: 'close', 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) })
      reply.raw.end(body, () => socket.destroy())
      setTimeout(() => socket.destroy(), 1000).unref()
    }
    timer = setTimeout(check, graceMs)
    raw.once('end', stop)
    raw.once('close', stop)
    reply.raw.once('close', stop)
    done()
  })
}
