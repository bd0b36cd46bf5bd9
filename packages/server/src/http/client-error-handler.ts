import type { Socket } from 'node:net'
import { STATUS_CODES } from 'node:http'
import { WarblerError } from '@warbler/protocol'

/** An error Node's HTTP parser raised for a request no route ever saw. */
type ClientError = Error & { code?: string }

/** The status and Warbler error for a malformed, oversized or too slow request. */
function answerFor(error: ClientError): { status: number; error: WarblerError } {
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return { status: 408, error: new WarblerError('timeout', 'The request was not received in time.') }
  if (error.code === 'HPE_HEADER_OVERFLOW') return { status: 431, error: new WarblerError('payload_too_large', 'The request headers are too large.') }
  return { status: 400, error: new WarblerError('bad_request', 'The request is not valid HTTP.') }
}

/**
 * Fastify's `clientErrorHandler`: answers requests Node's parser refused (garbage, bad headers,
 * headers too large, a request not received within the timeouts) with the Warbler error shape, then
 * closes the socket. The status says what happened (400, 408, 431); the body carries the code.
 */
export function clientErrorHandler(error: ClientError, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return
  if (socket.writable) {
    const { status, error: answer } = answerFor(error)
    const body = JSON.stringify(answer.toBody())
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`)
  }
  socket.destroy(error)
}
