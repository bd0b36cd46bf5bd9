import { gunzipSync } from 'node:zlib'
import { WarblerError } from '@warbler/protocol'
import type { AddressPolicy } from '../../net/address-policy.js'
import { guardedFetch } from '../../net/guarded-fetch.js'

/** Validators of an earlier answer, sent back as `If-None-Match` / `If-Modified-Since`. */
export interface Validators {
  etag?: string
  lastModified?: string
}

/** A request of a connector. */
export interface SourceRequest extends Validators {
  method?: 'GET' | 'POST'
  /** A JSON body (POST). */
  json?: unknown
  headers?: Record<string, string>
  accept?: string
}

/** The answer to a source request. 304 and 404/410 come back as statuses; other failures throw. */
export type SourceResponse =
  | { status: 200; url: string; contentType: string; body: Buffer; etag?: string; lastModified?: string; text(): string }
  | { status: 304; url: string }
  | { status: 404 | 410; url: string }

/** Limits and policy of the source client. */
export interface SourceHttpOptions {
  policy: AddressPolicy
  /** Largest body, after decompression (default 20 MiB). */
  maxBytes?: number
  /** Per request, redirects included (default 15 s). */
  timeoutMs?: number
  userAgent?: string
  signal?: AbortSignal
}

/** Counts of what a client sent, for run statistics and tests. */
export interface SourceHttpStats {
  requests: number
  conditional: number
  notModified: number
  bytes: number
}

/**
 * The HTTP client of every connector: each request goes through the guarded client of
 * `@warbler/ai/net` (no internal addresses by name, address or redirect; size and time capped),
 * with the previous validators as conditional headers. Gzip bodies (`sitemap.xml.gz`) are inflated
 * within the same size cap.
 */
export class SourceHttp {
  readonly stats: SourceHttpStats = { requests: 0, conditional: 0, notModified: 0, bytes: 0 }

  constructor(private readonly options: SourceHttpOptions) {}

  /** A GET with the validators of the previous answer, if any. */
  get(url: string, request: SourceRequest = {}): Promise<SourceResponse> {
    return this.send(url, { ...request, method: 'GET' })
  }

  /** Sends a request; 304, 404 and 410 answer as statuses, other non-2xx throw `upstream_failed`. */
  async send(url: string, request: SourceRequest): Promise<SourceResponse> {
    const headers: Record<string, string> = { accept: request.accept ?? '*/*', ...request.headers }
    if (request.etag) headers['if-none-match'] = request.etag
    if (request.lastModified) headers['if-modified-since'] = request.lastModified
    if (request.etag || request.lastModified) this.stats.conditional++
    let body: string | undefined
    if (request.json !== undefined) {
      body = JSON.stringify(request.json)
      headers['content-type'] = 'application/json'
    }
    const maxBytes = this.options.maxBytes ?? 20 * 1024 * 1024
    this.stats.requests++
    const response = await guardedFetch(
      url,
      { method: request.method ?? 'GET', headers, ...(body !== undefined ? { body } : {}), ...(this.options.signal ? { signal: this.options.signal } : {}) },
      { policy: this.options.policy, timeoutMs: this.options.timeoutMs ?? 15_000, maxResponseBytes: maxBytes, userAgent: this.options.userAgent ?? 'WarblerKnowledgeBot/1.0' },
    )
    const finalUrl = response.url || url
    if (response.status === 304) {
      await response.body?.cancel()
      this.stats.notModified++
      return { status: 304, url: finalUrl }
    }
    if (response.status === 404 || response.status === 410) {
      await response.body?.cancel()
      return { status: response.status, url: finalUrl }
    }
    if (!response.ok) {
      await response.body?.cancel()
      throw new WarblerError('upstream_failed', `${new URL(finalUrl).host} answered HTTP ${response.status} for ${new URL(finalUrl).pathname}.`)
    }
    let bytes: Buffer = Buffer.from(await response.arrayBuffer())
    const contentType = (response.headers.get('content-type') ?? 'application/octet-stream').split(';')[0]!.trim().toLowerCase()
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = inflate(bytes, maxBytes)
    this.stats.bytes += bytes.length
    const etag = response.headers.get('etag') ?? undefined
    const lastModified = response.headers.get('last-modified') ?? undefined
    return {
      status: 200,
      url: finalUrl,
      contentType,
      body: bytes,
      ...(etag ? { etag } : {}),
      ...(lastModified ? { lastModified } : {}),
      text: () => bytes.toString('utf8'),
    }
  }
}

/** A gzip file (not a transfer encoding) inflated within the size cap: a gzip bomb is refused. */
function inflate(data: Buffer, maxBytes: number): Buffer {
  try {
    return gunzipSync(data, { maxOutputLength: maxBytes })
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new WarblerError('payload_too_large', `A compressed file expands past ${maxBytes} bytes.`)
    throw new WarblerError('validation_failed', 'A gzip file could not be read.')
  }
}

/** The validators of a 200 answer, to store and send back next time. */
export function validatorsOf(response: { etag?: string; lastModified?: string }): Validators {
  return { ...(response.etag ? { etag: response.etag } : {}), ...(response.lastModified ? { lastModified: response.lastModified } : {}) }
}
