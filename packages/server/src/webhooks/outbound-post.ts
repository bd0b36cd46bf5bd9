import { guardedFetch, type AddressPolicy } from '@warbler/ai/net'

/** What a receiver answered. */
export interface OutboundResponse {
  status: number
  /** The start of the answer, at most `maxResponseBytes`. */
  body: string
  durationMs: number
}

/**
 * POSTs a JSON body to a webhook or hook receiver through the shared guarded client (every hop's
 * address checked against the policy, redirects checked again), reading only the first
 * `maxResponseBytes` of the answer. Rejects with the client's `WarblerError`s: `forbidden` for an
 * internal address, `timeout` when `timeoutMs` passes, `upstream_failed` for network failures.
 */
export async function postJson(
  policy: AddressPolicy,
  url: string,
  body: string,
  headers: Record<string, string>,
  options: { timeoutMs: number; maxResponseBytes: number },
): Promise<OutboundResponse> {
  const started = performance.now()
  const response = await guardedFetch(
    url,
    { method: 'POST', body, headers: { 'content-type': 'application/json', 'user-agent': 'Warbler-Webhooks/1.0', ...headers } },
    // The body is cut below at maxResponseBytes rather than refused, so the client's cap is not the limit here.
    { policy, timeoutMs: options.timeoutMs, connectTimeoutMs: Math.min(options.timeoutMs, 10_000), maxResponseBytes: Number.MAX_SAFE_INTEGER },
  )
  const text = await readStart(response, options.maxResponseBytes)
  return { status: response.status, body: text, durationMs: Math.round(performance.now() - started) }
}

/** The first `maxBytes` of a body as text; the rest is not read. */
async function readStart(response: Response, maxBytes: number): Promise<string> {
  if (!response.body) return ''
  const reader = response.body.getReader()
  const parts: Uint8Array[] = []
  let size = 0
  try {
    while (size < maxBytes) {
      const { done, value } = await reader.read()
      if (done) break
      parts.push(value)
      size += value.byteLength
    }
  } finally {
    await reader.cancel().catch(() => {})
  }
  return Buffer.concat(parts).subarray(0, maxBytes).toString('utf8')
}
