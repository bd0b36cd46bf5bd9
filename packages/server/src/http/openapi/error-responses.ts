import { ERROR_CODES, type ErrorCode } from '@warbler/protocol'
import type { DocumentedRoute } from './documented-route.js'
import { securityOf } from './security-schemes.js'

/** Where the shared error body lives in the document. */
export const ERROR_SCHEMA_REF = '#/components/schemas/Error'

const STATUS_TITLES: Readonly<Record<number, string>> = {
  400: 'The request is malformed or a field is invalid',
  401: 'The credentials are missing or not valid',
  403: 'The caller may not do this',
  404: 'Something the request names does not exist',
  408: 'Too slow',
  409: 'The request conflicts with the current state',
  410: 'It is gone',
  413: 'The body is too large',
  415: 'The content type is not supported',
  416: 'The range cannot be served',
  422: 'The content is refused',
  429: 'Too many requests; wait for Retry-After seconds',
}

/**
 * The error codes a route may answer, derived from its definition (what it validates, how it is
 * authenticated, whether its path names resources) plus the ones it declares.
 */
export function errorCodesOf(route: DocumentedRoute): ErrorCode[] {
  const codes = new Set<ErrorCode>()
  const takesBody = Boolean(route.body ?? route.openapi?.jsonBody ?? route.openapi?.multipart)
  if (route.params || route.query || takesBody) codes.add('validation_failed')
  if (takesBody) {
    codes.add('bad_request')
    codes.add('payload_too_large')
    codes.add('unsupported_media_type')
  }
  const security = securityOf(route)
  if (security.length > 0) {
    codes.add('unauthenticated')
    codes.add('invalid_credentials')
    codes.add('rate_limited')
  }
  if (security.some((requirement) => 'userToken' in requirement)) {
    codes.add('token_expired')
    codes.add('token_revoked')
  }
  if (route.auth === 'app') {
    codes.add('forbidden')
    codes.add('app_not_found')
  }
  const pathParameters = [...route.url.matchAll(/:([A-Za-z0-9_]+)/g)].map((match) => match[1])
  if (pathParameters.some((name) => name !== 'appId')) codes.add('not_found')
  if (pathParameters.includes('appId') && route.auth !== 'app') codes.add('app_not_found')
  for (const code of route.openapi?.errors ?? []) codes.add(code)
  return [...codes]
}

/** The example of an error code, written once under `components.examples`. */
export function errorExample(code: ErrorCode): Record<string, unknown> {
  return { summary: code, value: { error: { code, message: ERROR_CODES[code].message } } }
}

/**
 * The error responses of a route, one per status, each naming its codes, with the shared error schema
 * and an example per code (referred to; `used` collects the codes for `components.examples`).
 */
export function errorResponsesOf(route: DocumentedRoute, used: Set<ErrorCode>): Record<string, unknown> {
  const byStatus = new Map<number, ErrorCode[]>()
  for (const code of errorCodesOf(route)) {
    const status = ERROR_CODES[code].status
    byStatus.set(status, [...(byStatus.get(status) ?? []), code])
  }
  const responses: Record<string, unknown> = {}
  for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
    const list = codes.map((code) => `\`${code}\``).join(', ')
    responses[String(status)] = {
      description: `${STATUS_TITLES[status] ?? 'Error'}: ${list}.`,
      ...(status === 429 ? { headers: { 'Retry-After': { description: 'Seconds to wait before trying again.', schema: { type: 'integer', minimum: 0 } } } } : {}),
      content: {
        'application/json': {
          schema: { $ref: ERROR_SCHEMA_REF },
          examples: Object.fromEntries(codes.map((code) => (used.add(code), [code, { $ref: `#/components/examples/${code}` }]))),
        },
      },
    }
  }
  return responses
}
