import { WarblerError, type ErrorCode } from '@warbler/protocol'

/** The subset of `fetch` the REST helpers use. */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
) => Promise<{ ok: boolean; status: number; text(): Promise<string> }>

/** Calls one REST route below an app's base URL (`…/api/v1/apps/{appId}`). */
export type RestCall = <T>(method: string, path: string, body?: unknown) => Promise<T>

/**
 * A {@link RestCall} over `fetch` with a bearer credential (asked for on every call, so a refreshed
 * token is used). Errors are thrown as `WarblerError` with the server's code; a network failure is
 * `unavailable`.
 */
export function restCaller(options: { base: string; credential: () => string | Promise<string>; fetch: FetchLike }): RestCall {
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const headers: Record<string, string> = { authorization: `Bearer ${await options.credential()}`, accept: 'application/json' }
    if (body !== undefined) headers['content-type'] = 'application/json'
    let response: Awaited<ReturnType<FetchLike>>
    try {
      response = await options.fetch(`${options.base}${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) })
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
    if (!response.ok) {
      const error = (parsed as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)?.error
      if (error) throw WarblerError.fromBody(error)
      throw new WarblerError(codeForStatus(response.status), `HTTP ${response.status}: ${text.slice(0, 200)}`)
    }
    return parsed as T
  }
}

function codeForStatus(status: number): ErrorCode {
  if (status === 400) return 'bad_request'
  if (status === 401) return 'unauthenticated'
  if (status === 403) return 'forbidden'
  if (status === 404) return 'not_found'
  if (status === 409) return 'conflict'
  if (status === 413) return 'payload_too_large'
  if (status === 429) return 'rate_limited'
  if (status === 503) return 'unavailable'
  if (status === 504) return 'timeout'
  return 'internal'
}
