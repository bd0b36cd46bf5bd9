import { WarblerError } from '@warbler/protocol'

/** The prefix the console proxy is mounted at; the app API path follows `/api/`. */
const PROXY_PATH = /^\/api\/v1\/console\/apps\/([^/?#]*)\/api\/([^?#]*)$/

/** Characters no forwarded path segment may hold once decoded: separators, escapes, controls. */
const FORBIDDEN_IN_SEGMENT = /[/\\?#%;\u0000-\u001f\u007f]/

function decodeSegment(raw: string): string {
  let decoded: string
  try {
    decoded = decodeURIComponent(raw)
  } catch {
    throw new WarblerError('bad_request', 'The path is not valid percent-encoding.')
  }
  if (decoded === '' || decoded === '.' || decoded === '..') throw new WarblerError('bad_request', 'The path may not have empty, "." or ".." segments.')
  if (FORBIDDEN_IN_SEGMENT.test(decoded)) throw new WarblerError('bad_request', 'A path segment may not contain / \\ ? # % ; or control characters.')
  return decoded
}

/** An app API call the console proxy may forward: the app, the decoded path segments, the real query. */
export interface ForwardedCall {
  appId: string
  segments: string[]
  /** The request's own query string, re-serialised, with its `?` (or empty). */
  query: string
}

/**
 * Parses the raw request target of a proxy call (`/api/v1/console/apps/{appId}/api/<path>?<query>`)
 * segment by segment, from the bytes the client sent (never from a decoded wildcard), and refuses
 * anything a URL parser could re-interpret: empty, `.` or `..` segments (also percent-encoded or
 * double-encoded), backslashes, slashes, `?`, `#`, `%` and control characters inside a segment.
 */
export function parseForwardedCall(rawUrl: string): ForwardedCall {
  const queryAt = rawUrl.indexOf('?')
  const rawPath = queryAt < 0 ? rawUrl : rawUrl.slice(0, queryAt)
  const rawQuery = queryAt < 0 ? '' : rawUrl.slice(queryAt + 1)
  const match = PROXY_PATH.exec(rawPath)
  if (!match) throw new WarblerError('bad_request', 'Call /api/v1/console/apps/{appId}/api/<path>.')
  const appId = decodeSegment(match[1]!)
  const segments = match[2]!.split('/').map(decodeSegment)
  const query = new URLSearchParams(rawQuery).toString()
  return { appId, segments, query: query ? `?${query}` : '' }
}

/** The app API address of a parsed call, every segment re-encoded: `/api/v1/apps/{appId}/<path>?<query>`. */
export function appApiUrl(call: ForwardedCall): string {
  return `/api/v1/apps/${encodeURIComponent(call.appId)}/${call.segments.map(encodeURIComponent).join('/')}${call.query}`
}
