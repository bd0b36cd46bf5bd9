/**
 * Turns whatever the AI SDK throws for an OpenAI-compatible endpoint into a Warbler provider error
 * with a code and a retryable flag.
 */
import { WarblerError, type ErrorCode } from '@warbler/protocol'
import { APICallError } from 'ai'
import { parseRetryAfter, providerError, providerErrorDetails } from '../provider-error.js'

/** Which provider and model failed, for the error details. */
export interface ErrorContext {
  provider: string
  modelId: string
}

const NETWORK_ERROR_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
])

function isNetworkFailure(error: unknown): boolean {
  const seen = new Set<unknown>()
  let current = error
  while (current instanceof Error && !seen.has(current)) {
    seen.add(current)
    const code = (current as { code?: unknown }).code
    if (typeof code === 'string' && NETWORK_ERROR_CODES.has(code)) return true
    // undici reports a body cut mid-stream as `TypeError: terminated`.
    if (current instanceof TypeError && (current.message === 'terminated' || current.message === 'fetch failed')) return true
    current = current.cause
  }
  return false
}

/** The provider's own error code from an OpenAI-shaped body, e.g. `insufficient_quota`. */
function upstreamCode(error: APICallError): string | undefined {
  const data = error.data as { error?: { code?: unknown; type?: unknown } } | undefined
  const code = data?.error?.code ?? data?.error?.type
  if (typeof code === 'string') return code
  try {
    const body = JSON.parse(error.responseBody ?? '') as { error?: { code?: unknown; type?: unknown } }
    const parsed = body.error?.code ?? body.error?.type
    return typeof parsed === 'string' ? parsed : undefined
  } catch {
    return undefined
  }
}

function codeForStatus(status: number, upstream: string | undefined): { code: ErrorCode; retryable: boolean } {
  if (status === 401) return { code: 'invalid_credentials', retryable: false }
  if (status === 403) return { code: 'forbidden', retryable: false }
  if (status === 408) return { code: 'timeout', retryable: true }
  if (status === 413) return { code: 'payload_too_large', retryable: false }
  // OpenAI answers 429 both for "slow down" and for "your balance is empty"; only the first passes.
  if (status === 429) {
    return upstream === 'insufficient_quota' ? { code: 'quota_exceeded', retryable: false } : { code: 'rate_limited', retryable: true }
  }
  if (status === 400 || status === 422) return { code: 'bad_request', retryable: false }
  if (status === 409) return { code: 'upstream_failed', retryable: true }
  if (status >= 500) return { code: status === 504 ? 'timeout' : 'upstream_failed', retryable: true }
  return { code: 'upstream_failed', retryable: false }
}

/**
 * Maps an error from an OpenAI-compatible call to a `WarblerError` whose details carry
 * `retryable`, the upstream `status` and `retryAfterMs`. Errors that already are provider errors
 * pass through unchanged.
 *
 * | upstream                           | code                  | retryable |
 * |------------------------------------|-----------------------|-----------|
 * | 401                                | `invalid_credentials` | no        |
 * | 403                                | `forbidden`           | no        |
 * | 400, 422                           | `bad_request`         | no        |
 * | 429 (`insufficient_quota`)         | `quota_exceeded`      | no        |
 * | 429                                | `rate_limited`        | yes       |
 * | 408, 504, timeouts                 | `timeout`             | yes       |
 * | 409, other 5xx, network failures   | `upstream_failed`     | yes       |
 * | error event inside a stream        | `upstream_failed`     | yes       |
 * | refused by the outbound guard      | its code (`forbidden`)| no        |
 * | anything else                      | `upstream_failed`     | no        |
 */
export function mapOpenAICompatibleError(error: unknown, context: ErrorContext): WarblerError {
  if (providerErrorDetails(error) !== undefined) return error as WarblerError
  const where = `${context.provider} model ${context.modelId}`
  if (APICallError.isInstance(error)) {
    const status = error.statusCode
    // A 200 whose body broke off mid-stream arrives as an APICallError wrapping the socket error.
    if (status !== undefined && status < 300 && isNetworkFailure(error.cause)) {
      return providerError('upstream_failed', `${where}: the connection dropped mid-answer`, { retryable: true, status, ...context }, error)
    }
    const retryAfterMs = parseRetryAfter(error.responseHeaders)
    if (status === undefined) {
      return providerError('upstream_failed', `${where}: ${error.message}`, { retryable: error.isRetryable, ...context }, error)
    }
    const { code, retryable } = codeForStatus(status, upstreamCode(error))
    return providerError(code, `${where} answered ${status}: ${error.message}`, { retryable, status, retryAfterMs, ...context }, error)
  }
  // The guarded client's own refusals and failures (`forbidden` address or redirect, `timeout`, …).
  if (WarblerError.isInstance(error)) {
    const retryable = error.code === 'timeout' || (error.code === 'upstream_failed' && isNetworkFailure(error))
    return providerError(error.code, `${where}: ${error.message}`, { retryable, ...context }, error)
  }
  if (error instanceof Error && error.name === 'TimeoutError') {
    return providerError('timeout', `${where} timed out`, { retryable: true, ...context }, error)
  }
  if (isNetworkFailure(error)) {
    return providerError('upstream_failed', `${where}: connection failed`, { retryable: true, ...context }, error)
  }
  // An error object sent inside the event stream, e.g. `data: {"error": {"message": "overloaded"}}`.
  if (typeof error === 'object' && error !== null && !(error instanceof Error)) {
    const message = (error as { message?: unknown }).message
    return providerError('upstream_failed', `${where} reported: ${typeof message === 'string' ? message : JSON.stringify(error)}`, { retryable: true, ...context })
  }
  const message = error instanceof Error ? error.message : String(error)
  return providerError('upstream_failed', `${where} failed: ${message}`, { retryable: false, ...context }, error)
}
