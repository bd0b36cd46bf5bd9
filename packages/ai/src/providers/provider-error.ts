/**
 * How model providers report failures: a `WarblerError` whose `details` say whether trying again
 * may help. Providers build them with {@link providerError}; wrappers read them with
 * {@link isRetryableError} and {@link retryAfterMilliseconds}.
 */
import { WarblerError, type ErrorCode } from '@warbler/protocol'

/** What a provider error's `details` hold. */
export interface ProviderErrorDetails {
  /** True when the same request may succeed later (429, 5xx, timeouts, network failures). */
  retryable: boolean
  /** The upstream HTTP status, when there was one. */
  status?: number
  /** How long the upstream asked us to wait (from `Retry-After` / `retry-after-ms`). */
  retryAfterMs?: number
  /** The provider name and model id, for logs. */
  provider?: string
  modelId?: string
}

/**
 * Makes a provider error.
 *
 * @example
 * ```ts
 * throw providerError('rate_limited', 'Too many requests', { retryable: true, status: 429, retryAfterMs: 2000 })
 * ```
 */
export function providerError(code: ErrorCode, message: string, details: ProviderErrorDetails, cause?: unknown): WarblerError {
  return new WarblerError(code, message, { details, cause })
}

/** The provider details of an error, when it is a provider error. */
export function providerErrorDetails(error: unknown): ProviderErrorDetails | undefined {
  if (!WarblerError.isInstance(error)) return undefined
  const details = error.details as Partial<ProviderErrorDetails> | undefined
  return typeof details === 'object' && details !== null && typeof details.retryable === 'boolean' ? (details as ProviderErrorDetails) : undefined
}

/** Whether an error is a provider error that may go away when retried. */
export function isRetryableError(error: unknown): boolean {
  return providerErrorDetails(error)?.retryable === true
}

/** The wait the upstream asked for, in milliseconds, when it asked. */
export function retryAfterMilliseconds(error: unknown): number | undefined {
  return providerErrorDetails(error)?.retryAfterMs
}

/**
 * Parses `retry-after-ms` or `Retry-After` (seconds or an HTTP date) from response headers.
 * Returns undefined when absent, unparsable or negative.
 */
export function parseRetryAfter(headers: Record<string, string | undefined> | undefined, now = Date.now()): number | undefined {
  if (headers === undefined) return undefined
  const lower: Record<string, string | undefined> = {}
  for (const [name, value] of Object.entries(headers)) lower[name.toLowerCase()] = value
  const milliseconds = Number.parseFloat(lower['retry-after-ms'] ?? '')
  if (Number.isFinite(milliseconds) && milliseconds >= 0) return milliseconds
  const value = lower['retry-after']
  if (value === undefined || value.trim() === '') return undefined
  const seconds = Number(value)
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined
  const date = Date.parse(value)
  if (Number.isNaN(date)) return undefined
  return Math.max(0, date - now)
}
