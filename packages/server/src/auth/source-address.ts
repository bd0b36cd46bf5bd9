import type { IncomingMessage } from 'node:http'

/**
 * The address a request came from: the socket's peer, or, behind a trusted proxy
 * (`WARBLER_TRUST_PROXY`), the client the proxy names first in `X-Forwarded-For` (as Fastify's
 * `request.ip` does for REST), so the WebSocket gateway and REST agree on who a client is.
 */
export function sourceAddress(request: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const header = request.headers['x-forwarded-for']
    const first = (Array.isArray(header) ? header[0] : header)?.split(',')[0]?.trim()
    if (first) return first
  }
  return request.socket.remoteAddress ?? ''
}
