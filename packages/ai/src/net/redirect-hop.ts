import { WarblerError } from '@warbler/protocol'

/** Statuses that redirect (with a `Location`). */
export const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308])

/** What is sent on one hop. */
export interface HopRequest {
  url: URL
  method: string
  headers: Headers
  body: Uint8Array | undefined
}

/** Headers that describe a body, dropped with it (fetch's "request-body-header names"). */
const BODY_HEADERS = ['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location']
/** Credentials that never follow a redirect to another origin. */
const CREDENTIAL_HEADERS = ['authorization', 'proxy-authorization', 'cookie']

/**
 * The request of the next hop after a redirect, following the fetch standard: 303 (and 301/302
 * after a POST) turn into a GET without a body, 307/308 repeat method and body. Credentials are
 * dropped on a hop to another origin, and a hop from https to http is refused (`forbidden`).
 */
export function nextHop(previous: HopRequest, status: number, location: string): HopRequest {
  let url: URL
  try {
    url = new URL(location, previous.url)
  } catch {
    throw new WarblerError('upstream_failed', `${previous.url.host} redirected to an invalid URL.`)
  }
  url.hash = ''
  if (previous.url.protocol === 'https:' && url.protocol === 'http:') {
    throw new WarblerError('forbidden', `${previous.url.host} redirected from https to http, which is refused.`)
  }
  const headers = new Headers(previous.headers)
  let { method, body } = previous
  if ((status === 303 && method !== 'HEAD') || ((status === 301 || status === 302) && method === 'POST')) {
    method = 'GET'
    body = undefined
    for (const name of BODY_HEADERS) headers.delete(name)
  }
  if (url.origin !== previous.url.origin) for (const name of CREDENTIAL_HEADERS) headers.delete(name)
  return { url, method, headers, body }
}
