import { WarblerError, type ErrorCode } from '@warbler/protocol'

/** The subset of `fetch` the server SDK uses (the global `fetch` of Node 18+, Deno, Bun and edge runtimes fits). */
export type ServerFetch = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string | FormData },
) => Promise<{ ok: boolean; status: number; headers?: { get(name: string): string | null }; text(): Promise<string> }>

/** One request below an app's base URL. */
export interface ServerRequest {
  method: string
  /** The path below `/api/v1/apps/{appId}`, already filled in (`/users/alice`). */
  path: string
  query?: Record<string, unknown> | undefined
  body?: unknown
  form?: FormData
}

/** Sends a request and answers the parsed JSON (or `undefined` for an empty answer). */
export type ServerCall = (request: ServerRequest) => Promise<unknown>

/** The query string of a query object: `undefined` and `null` left out, arrays repeated, the rest as text. */
export function queryString(query: Record<string, unknown> | undefined): string {
  if (!query) return ''
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue
    for (const item of Array.isArray(value) ? value : [value]) search.append(key, typeof item === 'object' ? JSON.stringify(item) : String(item))
  }
  const text = search.toString()
  return text === '' ? '' : `?${text}`
}

/**
 * Seconds to wait from a `Retry-After` header (seconds or an HTTP date), as milliseconds; `undefined`
 * when absent or unreadable.
 */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined
  if (/^\d+(\.\d+)?$/.test(header.trim())) return Math.round(Number(header) * 1000)
  const date = Date.parse(header)
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined
}

function codeForStatus(status: number): ErrorCode {
  const codes: Record<number, ErrorCode> = { 400: 'bad_request', 401: 'unauthenticated', 403: 'forbidden', 404: 'not_found', 409: 'conflict', 413: 'payload_too_large', 429: 'rate_limited', 503: 'unavailable', 504: 'timeout' }
  return codes[status] ?? 'internal'
}

/**
 * A {@link ServerCall} over `fetch` with the app secret as bearer. Errors are thrown as
 * `WarblerError` with the server's code and message; a network failure is `unavailable`. A 429 is
 * `rate_limited` with `details.retryAfterMs` from `Retry-After`; with `rateLimitRetries` above 0 the
 * call waits that long and tries again (at most that many times) before giving up with the error.
 */
export function serverCaller(options: { base: string; secret: string; fetch: ServerFetch; rateLimitRetries?: number; onRateLimited?: (info: { path: string; retryAfterMs: number | undefined; attempt: number }) => void; sleep?: (ms: number) => Promise<void> }): ServerCall {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  return async (request) => {
    const headers: Record<string, string> = { authorization: `Bearer ${options.secret}`, accept: 'application/json' }
    let body: string | FormData | undefined
    if (request.form) body = request.form
    else if (request.body !== undefined) {
      headers['content-type'] = 'application/json'
      body = JSON.stringify(request.body)
    }
    const url = `${options.base}${request.path}${queryString(request.query)}`
    for (let attempt = 0; ; attempt += 1) {
      let response: Awaited<ReturnType<ServerFetch>>
      try {
        response = await options.fetch(url, { method: request.method, headers, ...(body === undefined ? {} : { body }) })
      } catch (cause) {
        throw new WarblerError('unavailable', `Cannot reach ${options.base}: ${String(cause)}`, { cause })
      }
      const text = await response.text()
      let parsed: unknown
      try {
        parsed = text === '' ? undefined : JSON.parse(text)
      } catch {
        parsed = undefined
      }
      if (response.ok) return parsed
      const wait = response.status === 429 ? retryAfterMs(response.headers?.get('retry-after') ?? null) : undefined
      if (response.status === 429) {
        options.onRateLimited?.({ path: request.path, retryAfterMs: wait, attempt })
        if (attempt < (options.rateLimitRetries ?? 0)) {
          await sleep(wait ?? 1000)
          continue
        }
      }
      const error = (parsed as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)?.error
      const thrown = error ? WarblerError.fromBody(error) : new WarblerError(codeForStatus(response.status), `HTTP ${response.status}: ${text.slice(0, 200)}`)
      if (wait === undefined) throw thrown
      throw new WarblerError(thrown.code, thrown.message, { details: { ...(typeof thrown.details === 'object' && thrown.details !== null ? thrown.details : {}), retryAfterMs: wait } })
    }
  }
}
