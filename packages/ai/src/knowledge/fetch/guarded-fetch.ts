import { lookup } from 'node:dns/promises'
import http from 'node:http'
import https from 'node:https'
import { isIP, type LookupFunction } from 'node:net'
import { WarblerError } from '@warbler/protocol'
import { AddressPolicy } from './address-policy.js'

/** Limits and policy of a guarded fetch. */
export interface GuardedFetchOptions {
  policy: AddressPolicy
  /** Largest body accepted, in bytes (default 20 MiB). */
  maxBytes?: number
  /** Time for the whole fetch, redirects included, in ms (default 15 s). */
  timeoutMs?: number
  /** Redirects followed, each re-checked (default 5). */
  maxRedirects?: number
  /** Accepted media types (default: html, text, markdown, pdf, docx, csv). */
  acceptTypes?: readonly string[]
  signal?: AbortSignal
  /** DNS resolution, replaceable in tests. */
  resolve?: (hostname: string) => Promise<{ address: string; family: number }[]>
}

/** A fetched resource. */
export interface FetchedResource {
  /** The final URL, after redirects. */
  url: string
  /** The media type without parameters (`text/html`). */
  contentType: string
  body: Buffer
}

const DEFAULT_TYPES = [
  'text/html', 'application/xhtml+xml', 'text/plain', 'text/markdown', 'text/x-markdown', 'application/pdf', 'text/csv',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
]

/**
 * Fetches one URL without letting it reach internal services (SSRF): the host name is resolved
 * here, every address is checked against the policy, and the connection goes to the checked
 * address (no second resolution an attacker could change). Redirects are followed by hand and
 * checked again; size, time and content type are limited.
 *
 * @example
 * ```ts
 * const page = await guardedFetch('https://example.com/faq', { policy: new AddressPolicy() })
 * ```
 */
export async function guardedFetch(url: string, options: GuardedFetchOptions): Promise<FetchedResource> {
  const timeoutMs = options.timeoutMs ?? 15_000
  const deadline = AbortSignal.timeout(timeoutMs)
  const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline
  let current = parseUrl(url)
  for (let redirects = 0; ; redirects++) {
    const response = await requestOnce(current, options, signal, timeoutMs)
    if ('location' in response) {
      if (redirects >= (options.maxRedirects ?? 5)) throw new WarblerError('upstream_failed', `Too many redirects fetching ${url}.`)
      current = parseUrl(new URL(response.location, current).toString())
      continue
    }
    return response
  }
}

function parseUrl(text: string): URL {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new WarblerError('validation_failed', `Not a valid URL: ${text}`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new WarblerError('validation_failed', `Only http and https URLs can be fetched, not ${url.protocol}`)
  if (url.username || url.password) throw new WarblerError('validation_failed', 'URLs with credentials are not fetched.')
  return url
}

async function resolveChecked(url: URL, options: GuardedFetchOptions): Promise<{ address: string; family: number }> {
  const host = url.hostname.replace(/^\[|\]$/g, '')
  let addresses: { address: string; family: number }[]
  if (isIP(host) !== 0) addresses = [{ address: host, family: isIP(host) }]
  else {
    try {
      addresses = await (options.resolve ?? ((name: string) => lookup(name, { all: true, verbatim: true })))(host)
    } catch (error) {
      throw new WarblerError('upstream_failed', `Cannot resolve ${host}: ${(error as Error).message}`, { cause: error })
    }
  }
  const allowed = addresses.find((entry) => options.policy.allows(entry.address))
  if (!allowed) {
    throw new WarblerError('forbidden', `Fetching ${url.host} is not allowed: it resolves to a private or reserved address.`)
  }
  return allowed
}

type Attempt = FetchedResource | { location: string }

async function requestOnce(url: URL, options: GuardedFetchOptions, signal: AbortSignal, timeoutMs: number): Promise<Attempt> {
  const target = await resolveChecked(url, options)
  // Pin the connection to the address checked above: the socket never resolves the name again.
  const pinned: LookupFunction = (_hostname, lookupOptions, callback) => {
    if ((lookupOptions as { all?: boolean }).all) callback(null, [{ address: target.address, family: target.family }])
    else callback(null, target.address, target.family)
  }
  const client = url.protocol === 'https:' ? https : http
  const maxBytes = options.maxBytes ?? 20 * 1024 * 1024
  const acceptTypes = options.acceptTypes ?? DEFAULT_TYPES
  return new Promise<Attempt>((resolve, reject) => {
    const request = client.request(
      url,
      {
        method: 'GET',
        lookup: pinned,
        signal,
        agent: false,
        headers: { 'user-agent': 'WarblerKnowledgeBot/1.0', accept: acceptTypes.join(', ') + ';q=0.9, */*;q=0.1' },
      },
      (response) => {
        const status = response.statusCode ?? 0
        if (status >= 300 && status < 400 && response.headers.location) {
          response.resume()
          resolve({ location: response.headers.location })
          return
        }
        if (status < 200 || status >= 300) {
          response.resume()
          reject(new WarblerError(status === 404 || status === 410 ? 'validation_failed' : 'upstream_failed', `Fetching ${url} answered HTTP ${status}.`))
          return
        }
        const contentType = (response.headers['content-type'] ?? 'application/octet-stream').split(';')[0]!.trim().toLowerCase()
        if (!acceptTypes.includes(contentType)) {
          response.resume()
          reject(new WarblerError('unsupported_media_type', `${url} is ${contentType}, which cannot be read.`))
          return
        }
        const declared = Number(response.headers['content-length'] ?? 0)
        if (declared > maxBytes) {
          response.destroy()
          reject(new WarblerError('payload_too_large', `${url} is larger than ${maxBytes} bytes.`))
          return
        }
        const parts: Buffer[] = []
        let size = 0
        response.on('data', (part: Buffer) => {
          size += part.length
          if (size > maxBytes) {
            response.destroy()
            reject(new WarblerError('payload_too_large', `${url} is larger than ${maxBytes} bytes.`))
            return
          }
          parts.push(part)
        })
        response.on('end', () => resolve({ url: url.toString(), contentType, body: Buffer.concat(parts) }))
        response.on('error', (error) => reject(toFetchError(error, url, signal, timeoutMs)))
      },
    )
    request.on('error', (error) => reject(toFetchError(error, url, signal, timeoutMs)))
    request.end()
  })
}

function toFetchError(error: Error, url: URL, signal: AbortSignal, timeoutMs: number): Error {
  if (WarblerError.isInstance(error)) return error
  if (signal.aborted && (signal.reason as Error | undefined)?.name === 'TimeoutError') {
    return new WarblerError('timeout', `Fetching ${url} took longer than ${timeoutMs} ms.`, { cause: error })
  }
  return new WarblerError('upstream_failed', `Fetching ${url} failed: ${error.message}`, { cause: error })
}
