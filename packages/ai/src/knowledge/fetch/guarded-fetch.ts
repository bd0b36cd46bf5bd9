import { WarblerError } from '@warbler/protocol'
import type { AddressPolicy } from '../../net/address-policy.js'
import { guardedFetch } from '../../net/guarded-fetch.js'

/** Limits and policy of a knowledge-source fetch. */
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
 * Fetches one knowledge source (a page or a file) through the guarded client of `net/`, so it
 * cannot reach internal services (SSRF) by name, address or redirect, and accepts only readable
 * media types. 404/410 are `validation_failed`, other failures `upstream_failed`; an unreadable
 * type is `unsupported_media_type`, a body over `maxBytes` `payload_too_large`.
 *
 * @example
 * ```ts
 * const page = await fetchResource('https://example.com/faq', { policy: new AddressPolicy() })
 * ```
 */
export async function fetchResource(url: string, options: GuardedFetchOptions): Promise<FetchedResource> {
  const acceptTypes = options.acceptTypes ?? DEFAULT_TYPES
  const response = await guardedFetch(
    url,
    { headers: { accept: acceptTypes.join(', ') + ';q=0.9, */*;q=0.1' }, ...(options.signal ? { signal: options.signal } : {}) },
    {
      policy: options.policy,
      timeoutMs: options.timeoutMs ?? 15_000,
      maxResponseBytes: options.maxBytes ?? 20 * 1024 * 1024,
      maxRedirects: options.maxRedirects ?? 5,
      userAgent: 'WarblerKnowledgeBot/1.0',
    },
  )
  if (!response.ok) {
    await response.body?.cancel()
    throw new WarblerError(response.status === 404 || response.status === 410 ? 'validation_failed' : 'upstream_failed', `Fetching ${response.url} answered HTTP ${response.status}.`)
  }
  const contentType = (response.headers.get('content-type') ?? 'application/octet-stream').split(';')[0]!.trim().toLowerCase()
  if (!acceptTypes.includes(contentType)) {
    await response.body?.cancel()
    throw new WarblerError('unsupported_media_type', `${response.url} is ${contentType}, which cannot be read.`)
  }
  return { url: response.url, contentType, body: Buffer.from(await response.arrayBuffer()) }
}
