import http, { type IncomingMessage } from 'node:http'
import https from 'node:https'
import type { LookupFunction, Socket } from 'node:net'
import { WarblerError } from '@warbler/protocol'
import { parseOutboundUrl, type AddressPolicy, type CheckedTarget } from './address-policy.js'
import { nextHop, REDIRECT_STATUSES, type HopRequest } from './redirect-hop.js'
import { isDecoded, responseBody } from './response-body.js'

/** The policy and limits of the guarded client. */
export interface GuardedClientOptions {
  /** Where requests may go (every hop is checked). */
  policy: AddressPolicy
  /** Time to open the TCP connection of each hop, in ms (default 10 s). */
  connectTimeoutMs?: number
  /** Time for the whole exchange, redirects and reading the body included, in ms (default 60 s). */
  timeoutMs?: number
  /** Most bytes of a response body, after decompression (default 20 MiB). */
  maxResponseBytes?: number
  /** Redirects followed when `redirect: 'follow'`, each checked again (default 5). */
  maxRedirects?: number
  /** `User-Agent` when the request sets none (default `Warbler/1.0`). */
  userAgent?: string
}

/** A `fetch` (same signature as the global one) that goes through the guarded client. */
export type GuardedFetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>

/** Statuses whose response has no body. */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304])
/** Request headers the client sets itself. */
const OWN_HEADERS = ['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive', 'upgrade']

/**
 * The one HTTP client of every outbound request (model providers, embeddings, webhooks, the
 * before-send hook, knowledge ingestion, tools). For each hop it resolves the host once, checks
 * every address against the policy, and connects to the checked address (the socket never
 * resolves the name again, so DNS rebinding cannot move it; TLS SNI and `Host` stay the name).
 * Redirects are refused (`redirect: 'error'`), returned (`'manual'`) or followed hop by hop, each
 * checked again, at most `maxRedirects`, never from https to http, without credentials across
 * origins. Connect and total timeouts, the request's abort signal and a response size cap apply;
 * the answer is a standard `Response` whose body streams (SSE keeps arriving as it is sent).
 *
 * Errors are `WarblerError`s: `forbidden` (internal address, https→http redirect),
 * `validation_failed` (bad URL, unknown host), `timeout`, `payload_too_large`, `upstream_failed`
 * (connection failures, carrying the system error code in `cause.code`); an abort by the caller
 * rejects with the signal's reason, as `fetch` does.
 *
 * @example
 * ```ts
 * const response = await guardedFetch('https://example.com/v1/chat/completions', { method: 'POST', body }, { policy: new AddressPolicy() })
 * for await (const chunk of response.body!) process(chunk)
 * ```
 */
export async function guardedFetch(input: string | URL | Request, init: RequestInit | undefined, options: GuardedClientOptions): Promise<Response> {
  const firstUrl = parseOutboundUrl(input instanceof Request ? input.url : input)
  const request = new Request(input instanceof Request ? input : firstUrl, init)
  const timeoutMs = options.timeoutMs ?? 60_000
  const maxRedirects = options.maxRedirects ?? 5
  const maxBytes = options.maxResponseBytes ?? 20 * 1024 * 1024

  const exchange = new AbortController()
  const onCallerAbort = (): void => exchange.abort(request.signal.reason)
  const timer = setTimeout(() => exchange.abort(new WarblerError('timeout', `${firstUrl.host} did not answer within ${timeoutMs} ms.`)), timeoutMs)
  timer.unref?.()
  let released = false
  const release = (): void => {
    if (released) return
    released = true
    clearTimeout(timer)
    request.signal.removeEventListener('abort', onCallerAbort)
  }
  if (request.signal.aborted) {
    release()
    throw request.signal.reason
  }
  request.signal.addEventListener('abort', onCallerAbort, { once: true })

  try {
    const headers = new Headers(request.headers)
    for (const name of OWN_HEADERS) headers.delete(name)
    if (!headers.has('user-agent')) headers.set('user-agent', options.userAgent ?? 'Warbler/1.0')
    if (!headers.has('accept-encoding')) headers.set('accept-encoding', 'gzip, deflate, br')
    const body = request.body ? new Uint8Array(await request.arrayBuffer()) : undefined
    let hop: HopRequest = { url: firstUrl, method: request.method, headers, body }
    for (let redirects = 0; ; redirects++) {
      const target = await untilAborted(options.policy.check(hop.url), exchange.signal)
      const response = await send(target, hop, exchange.signal, options.connectTimeoutMs ?? 10_000)
      const status = response.statusCode ?? 0
      const location = response.headers.location
      if (REDIRECT_STATUSES.has(status) && location !== undefined && request.redirect !== 'manual') {
        response.destroy()
        if (request.redirect === 'error') throw new WarblerError('upstream_failed', `${hop.url.host} answered a redirect (HTTP ${status}), which is not followed.`)
        if (redirects >= maxRedirects) throw new WarblerError('upstream_failed', `${firstUrl.host} redirected more than ${maxRedirects} times.`)
        hop = nextHop(hop, status, location)
        continue
      }
      return toResponse(response, hop, redirects > 0, maxBytes, exchange.signal, release)
    }
  } catch (error) {
    release()
    throw error
  }
}

/** A `fetch` bound to these options, e.g. for the `fetch` setting of an AI SDK provider. */
export function createGuardedFetch(options: GuardedClientOptions): GuardedFetch {
  return (input, init) => guardedFetch(input, init, options)
}

function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason)
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort)
        resolve(value)
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort)
        reject(error)
      },
    )
  })
}

/** A network failure, naming the host but not the address it resolved to. */
function networkError(error: Error, host: string, during: string): Error {
  if (WarblerError.isInstance(error)) return error
  const code = (error as { code?: unknown }).code
  const cause = Object.assign(new Error(typeof code === 'string' ? code : 'network error'), typeof code === 'string' ? { code } : {})
  return new WarblerError('upstream_failed', `${during} ${host} failed${typeof code === 'string' ? ` (${code})` : ''}.`, { cause })
}

/** Sends one hop to the checked address and resolves with the response head. */
function send(target: CheckedTarget, hop: HopRequest, signal: AbortSignal, connectTimeoutMs: number): Promise<IncomingMessage> {
  const secure = target.url.protocol === 'https:'
  // The socket asks this instead of DNS: it can only reach the address that was checked.
  const pinned: LookupFunction = (_hostname, lookupOptions, callback) => {
    if ((lookupOptions as { all?: boolean }).all) callback(null, [{ address: target.address, family: target.family }])
    else callback(null, target.address, target.family)
  }
  const headers: Record<string, string> = Object.fromEntries(hop.headers)
  if (hop.body !== undefined) headers['content-length'] = String(hop.body.byteLength)
  return new Promise<IncomingMessage>((resolve, reject) => {
    const request = (secure ? https : http).request(target.url, { method: hop.method, headers, lookup: pinned, agent: false })
    const onAbort = (): void => {
      request.destroy(signal.reason as Error)
    }
    signal.addEventListener('abort', onAbort, { once: true })
    request.on('socket', (socket: Socket) => {
      if (!socket.connecting) return
      const timer = setTimeout(() => request.destroy(new WarblerError('timeout', `Connecting to ${target.url.host} took longer than ${connectTimeoutMs} ms.`)), connectTimeoutMs)
      socket.once('connect', () => clearTimeout(timer))
      socket.once('close', () => clearTimeout(timer))
    })
    request.on('response', (response) => {
      // From here on the abort ends the body instead (see toResponse).
      signal.removeEventListener('abort', onAbort)
      resolve(response)
    })
    request.on('error', (error) => {
      signal.removeEventListener('abort', onAbort)
      reject(signal.aborted ? signal.reason : networkError(error, target.url.host, 'Connecting to'))
    })
    request.end(hop.body)
  })
}

function toResponse(response: IncomingMessage, hop: HopRequest, redirected: boolean, maxBytes: number, signal: AbortSignal, release: () => void): Response {
  const host = hop.url.host
  const status = response.statusCode ?? 0
  if (status < 200 || status > 599) {
    response.destroy()
    throw new WarblerError('upstream_failed', `${host} answered an unexpected HTTP status ${status}.`)
  }
  const decoded = isDecoded(response)
  const headers = new Headers()
  const raw = response.rawHeaders
  for (let index = 0; index + 1 < raw.length; index += 2) {
    const name = raw[index]!.toLowerCase()
    if (decoded && (name === 'content-encoding' || name === 'content-length')) continue
    try {
      headers.append(name, raw[index + 1]!)
    } catch {
      // A header value fetch cannot carry is left out.
    }
  }
  const declared = Number(response.headers['content-length'] ?? 0)
  if (declared > maxBytes) {
    response.destroy()
    throw new WarblerError('payload_too_large', `The answer from ${host} is larger than ${maxBytes} bytes.`)
  }
  let body: ReadableStream<Uint8Array> | null = null
  if (NULL_BODY_STATUSES.has(status) || hop.method === 'HEAD') {
    response.resume()
    release()
  } else {
    const onAbort = (): void => {
      response.destroy(signal.reason as Error)
    }
    signal.addEventListener('abort', onAbort, { once: true })
    body = responseBody(response, {
      maxBytes,
      host,
      mapError: (error) => (signal.aborted ? (signal.reason as Error) : networkError(error, host, 'Reading the answer of')),
      onSettled: () => {
        signal.removeEventListener('abort', onAbort)
        release()
      },
    })
  }
  const answer = new Response(body, { status, statusText: response.statusMessage ?? '', headers })
  Object.defineProperty(answer, 'url', { value: hop.url.toString() })
  Object.defineProperty(answer, 'redirected', { value: redirected })
  return answer
}
