import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { WarblerError, type ErrorCode } from '@warbler/protocol'
import type { Logger } from '../observability/logger.js'

/** Longest path parameter the router accepts (ids are at most 128 characters, 384 percent-encoded). */
export const MAX_PARAM_LENGTH = 512

/** Fastify's own error codes and the Warbler error each becomes. */
const FASTIFY_CODES: Partial<Record<string, () => WarblerError>> = {
  FST_ERR_BAD_URL: () => new WarblerError('bad_request', 'The URL is not valid: it has a malformed percent-encoding.'),
  FST_ERR_MAX_PARAM_LENGTH: () => new WarblerError('validation_failed', `A path segment is longer than ${MAX_PARAM_LENGTH} characters.`),
  FST_ERR_ASYNC_CONSTRAINT: () => new WarblerError('bad_request', 'The request matches no route constraint.'),
  FST_ERR_CTP_BODY_TOO_LARGE: () => new WarblerError('payload_too_large', 'The request body is too large.'),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: () => new WarblerError('unsupported_media_type', 'Send JSON with Content-Type: application/json.'),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () => new WarblerError('bad_request', 'The Content-Length does not match the body.'),
  FST_ERR_CTP_EMPTY_JSON_BODY: () => new WarblerError('bad_request', 'The body is empty although Content-Type is application/json.'),
  FST_ERR_CTP_INVALID_JSON_BODY: () => new WarblerError('bad_request', 'The request body is not valid JSON.'),
}

/**
 * PostgreSQL's refusal of text it cannot store: U+0000 in a text value (SQLSTATE 22021) or a
 * `\u0000` escape in JSON (22P05). It is the request's text that is wrong, so it is no 500.
 */
function isUnstorableText(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined
  return (code === '22021' || code === '22P05') && 'severity' in (error as object)
}

/** Maps Fastify's own errors (URL, router, body parsing, limits) to Warbler errors. */
function fromFastify(error: FastifyError): WarblerError | undefined {
  const mapped = error.code ? FASTIFY_CODES[error.code] : undefined
  if (mapped) return mapped()
  if (error.statusCode === 413) return new WarblerError('payload_too_large', 'The request body is too large.')
  if (error.statusCode === 415) return new WarblerError('unsupported_media_type', 'Send JSON with Content-Type: application/json.')
  if (error.code?.startsWith('FST_ERR_CTP') || error instanceof SyntaxError) return new WarblerError('bad_request', 'The request body is not valid JSON.')
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
    const code: ErrorCode = error.statusCode === 404 ? 'not_found' : 'bad_request'
    return new WarblerError(code, error.message)
  }
  return undefined
}

/**
 * The one mapping from anything a request can throw to the Warbler error it answers with: a
 * WarblerError as it is, a Fastify error by its code, anything else `internal` (logged, never shown).
 */
export function toWarblerError(error: unknown, log?: (error: unknown) => void): WarblerError {
  if (WarblerError.isInstance(error)) return error
  if (isUnstorableText(error)) return new WarblerError('validation_failed', 'Text must not contain the character U+0000.')
  const known = typeof error === 'object' && error !== null ? fromFastify(error as FastifyError) : undefined
  if (known) return known
  log?.(error)
  return new WarblerError('internal')
}

/** Seconds to wait that a `rate_limited` error carries in `details.retryAfterSeconds`, if any. */
function retryAfterOf(error: WarblerError): number | undefined {
  const details = error.details as { retryAfterSeconds?: unknown } | undefined
  return typeof details?.retryAfterSeconds === 'number' ? details.retryAfterSeconds : undefined
}

/**
 * Sends a Warbler error as `{ error: { code, message } }` with its status; a 429 carries
 * `Retry-After` (from `details.retryAfterSeconds`, a header the route set, or 1 s).
 */
export function sendWarblerError(reply: FastifyReply, error: WarblerError): FastifyReply {
  if (error.status === 429) {
    const wait = retryAfterOf(error)
    if (wait !== undefined) reply.header('Retry-After', String(Math.max(1, Math.ceil(wait))))
    else if (!reply.hasHeader('retry-after')) reply.header('Retry-After', '1')
  }
  return reply.code(error.status).send(error.toBody())
}

/** The one place errors become HTTP answers: `{ error: { code, message } }`, never a stack trace. */
export function createErrorHandler(logger: Logger) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const known = toWarblerError(error, (cause) => logger.error({ err: cause, method: request.method, url: request.routeOptions?.url }, 'request failed'))
    return sendWarblerError(reply, known)
  }
}

/** Fastify's `frameworkErrors` option: URL and router errors raised before any route runs. */
export function frameworkErrorHandler(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  void sendWarblerError(reply, toWarblerError(error))
}
