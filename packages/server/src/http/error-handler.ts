import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { WarblerError, type ErrorCode } from '@warbler/protocol'
import type { Logger } from '../observability/logger.js'

/** Maps Fastify's own errors (body parsing, limits) to Warbler codes. */
function fromFastify(error: FastifyError): WarblerError | undefined {
  if (error.statusCode === 413 || error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new WarblerError('payload_too_large', 'The request body is too large.')
  if (error.statusCode === 415 || error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return new WarblerError('unsupported_media_type', 'Send JSON with Content-Type: application/json.')
  if (error.code?.startsWith('FST_ERR_CTP') || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError) {
    return new WarblerError('bad_request', 'The request body is not valid JSON.')
  }
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
    const code: ErrorCode = error.statusCode === 404 ? 'not_found' : 'bad_request'
    return new WarblerError(code, error.message)
  }
  return undefined
}

/** The one place errors become HTTP answers: `{ error: { code, message } }`, never a stack trace. */
export function createErrorHandler(logger: Logger) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const known = WarblerError.isInstance(error) ? error : fromFastify(error)
    if (!known) {
      logger.error({ err: error, method: request.method, url: request.routeOptions?.url }, 'request failed')
      const internal = new WarblerError('internal')
      return reply.code(internal.status).send(internal.toBody())
    }
    if (known.status === 429) reply.header('Retry-After', '1')
    return reply.code(known.status).send(known.toBody())
  }
}
