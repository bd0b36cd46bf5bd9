import { WarblerError } from '@warbler/protocol'
import { guardedFetch, type AddressPolicy } from '../net/index.js'
import { buildHttpRequest, IDENTITY_HEADER } from './http-request.js'
import type { HttpToolSpec } from './tool-types.js'

/** Default and largest time for one tool call, in ms. */
export const DEFAULT_TOOL_TIMEOUT_MS = 10_000
const MAX_TOOL_TIMEOUT_MS = 60_000
/** Default response cap: what the model gets past it is cut. */
export const DEFAULT_TOOL_RESPONSE_BYTES = 1024 * 1024
const MAX_REDIRECTS = 3

/** One HTTP tool call to make. */
export interface HttpToolCall {
  spec: HttpToolSpec
  arguments: Record<string, unknown>
  /** Per-tool static secrets (e.g. `{ 'X-API-Key': '…' }`), added after everything the arguments set. */
  secretHeaders?: Record<string, string>
  /** The signed `Warbler-Identity` JWT; nothing else can set that header. */
  identityToken?: string
  abortSignal?: AbortSignal
}

/** How the call went. `body` is the response text, cut at the cap. */
export interface HttpToolResult {
  status: number
  ok: boolean
  body: string
  truncated: boolean
  contentType: string | undefined
  latencyMs: number
}

/** Options of the executor. */
export interface HttpToolExecutorOptions {
  /** The outbound policy (private addresses refused unless allowlisted), checked on every hop. */
  policy: AddressPolicy
  /** Response cap in bytes (default 1 MB). */
  maxResponseBytes?: number
  /** Time to connect, in ms (default 5 s or the tool's timeout when shorter). */
  connectTimeoutMs?: number
  /** The clock for latency (default `performance.now`). */
  now?: () => number
}

/** Reads at most `limit` bytes of a body, then stops reading (the rest is never downloaded). */
async function readCapped(response: Response, limit: number): Promise<{ text: string; truncated: boolean }> {
  if (!response.body) return { text: '', truncated: false }
  const reader = response.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  let truncated = false
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    if (size + value.byteLength > limit) {
      chunks.push(value.subarray(0, limit - size))
      size = limit
      truncated = true
      await reader.cancel().catch(() => {})
      break
    }
    chunks.push(value)
    size += value.byteLength
  }
  // A cut in the middle of a multi-byte character decodes to U+FFFD: drop it.
  const text = new TextDecoder().decode(Buffer.concat(chunks))
  return { text: truncated ? text.replace(/\uFFFD$/, '') : text, truncated }
}

/**
 * Calls an HTTP tool through the guarded client: the host is resolved once and the checked
 * address connected to, on every hop. Redirects are followed here (at most 3), each hop checked
 * again by the client; a hop to another origin goes without the secrets, the identity token and
 * any credential, so they never reach a host the tool did not name. The whole call has the
 * tool's timeout (default 10 s, at most 60 s) and the response is read up to the cap (default
 * 1 MB, `truncated` when cut). Non-2xx answers are results (`ok: false`), not errors; refused
 * addresses, timeouts and connection failures reject with a `WarblerError`.
 *
 * @example
 * ```ts
 * const executor = new HttpToolExecutor({ policy: new AddressPolicy() })
 * const result = await executor.call({ spec: tool.http, arguments: { orderId: 'A-1001' }, identityToken })
 * ```
 */
export class HttpToolExecutor {
  private readonly maxResponseBytes: number
  private readonly now: () => number

  constructor(private readonly options: HttpToolExecutorOptions) {
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULT_TOOL_RESPONSE_BYTES
    this.now = options.now ?? (() => performance.now())
  }

  async call(call: HttpToolCall): Promise<HttpToolResult> {
    const started = this.now()
    const timeoutMs = Math.min(Math.max(call.spec.timeoutMs ?? DEFAULT_TOOL_TIMEOUT_MS, 100), MAX_TOOL_TIMEOUT_MS)
    const deadline = AbortSignal.timeout(timeoutMs)
    const signal = call.abortSignal ? AbortSignal.any([call.abortSignal, deadline]) : deadline
    const built = buildHttpRequest(call.spec, call.arguments)
    const origin = new URL(built.url).origin
    let url = built.url
    let method: string = built.method
    let body = built.body
    try {
      for (let hop = 0; ; hop++) {
        const sameOrigin = new URL(url).origin === origin
        const headers = new Headers(built.headers)
        if (body === undefined) headers.delete('content-type')
        if (sameOrigin) {
          for (const [name, value] of Object.entries(call.secretHeaders ?? {})) headers.set(name, value)
          if (call.identityToken) headers.set(IDENTITY_HEADER, call.identityToken)
        }
        const response = await guardedFetch(url, { method, headers, ...(body !== undefined ? { body } : {}), redirect: 'manual', signal }, {
          policy: this.options.policy,
          timeoutMs,
          connectTimeoutMs: Math.min(this.options.connectTimeoutMs ?? 5000, timeoutMs),
          // The cap is applied while reading below; the client's own cap only guards the worst case.
          maxResponseBytes: this.maxResponseBytes * 4 + 1024,
        })
        const location = response.headers.get('location')
        if (response.status >= 300 && response.status < 400 && location !== null && response.status !== 304) {
          await response.body?.cancel().catch(() => {})
          if (hop >= MAX_REDIRECTS) throw new WarblerError('upstream_failed', `The tool redirected more than ${MAX_REDIRECTS} times.`)
          const next = new URL(location, url)
          if (new URL(url).protocol === 'https:' && next.protocol === 'http:') throw new WarblerError('forbidden', 'The tool redirected from https to http, which is refused.')
          if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
            method = 'GET'
            body = undefined
          }
          url = next.toString()
          continue
        }
        const { text, truncated } = method === 'HEAD' ? { text: '', truncated: false } : await readCapped(response, this.maxResponseBytes)
        return { status: response.status, ok: response.ok, body: text, truncated, contentType: response.headers.get('content-type') ?? undefined, latencyMs: Math.round(this.now() - started) }
      }
    } catch (error) {
      if (deadline.aborted && !call.abortSignal?.aborted) throw new WarblerError('timeout', `The tool did not answer within ${timeoutMs} ms.`)
      throw error
    }
  }
}
