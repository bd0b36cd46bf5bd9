import http from 'node:http'
import https from 'node:https'
import type { LookupFunction } from 'node:net'
import type { CheckedTarget } from './outbound-guard.js'

/** What a receiver answered. */
export interface OutboundResponse {
  status: number
  /** The start of the answer, at most `maxResponseBytes`. */
  body: string
  durationMs: number
}

/**
 * POSTs a JSON body to a checked target, connecting to the checked address (the name is not resolved
 * again), following no redirects, reading at most `maxResponseBytes` of the answer. Rejects on
 * network errors and when `timeoutMs` passes.
 */
export function postJson(
  target: CheckedTarget,
  body: string,
  headers: Record<string, string>,
  options: { timeoutMs: number; maxResponseBytes: number },
): Promise<OutboundResponse> {
  const started = performance.now()
  const pinned: LookupFunction = (_hostname, lookupOptions, callback) => {
    if ((lookupOptions as { all?: boolean }).all) callback(null, [{ address: target.address, family: target.family }])
    else callback(null, target.address, target.family)
  }
  const client = target.url.protocol === 'https:' ? https : http
  return new Promise<OutboundResponse>((resolve, reject) => {
    let settled = false
    const finish = (outcome: { response?: OutboundResponse; error?: Error }) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      if (outcome.error) reject(outcome.error)
      else resolve(outcome.response!)
    }
    const request = client.request(
      target.url,
      {
        method: 'POST',
        lookup: pinned,
        agent: false,
        headers: {
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          'user-agent': 'Warbler-Webhooks/1.0',
          ...headers,
        },
      },
      (response) => {
        const parts: Buffer[] = []
        let size = 0
        const done = () => {
          const text = Buffer.concat(parts).subarray(0, options.maxResponseBytes).toString('utf8')
          finish({ response: { status: response.statusCode ?? 0, body: text, durationMs: Math.round(performance.now() - started) } })
          response.destroy()
        }
        response.on('data', (part: Buffer) => {
          if (size < options.maxResponseBytes) parts.push(part)
          size += part.length
          if (size >= options.maxResponseBytes) done()
        })
        response.on('end', done)
        response.on('error', (error) => finish({ error }))
      },
    )
    const timer = setTimeout(() => {
      finish({ error: new Error(`no answer within ${options.timeoutMs} ms`) })
      request.destroy()
    }, options.timeoutMs)
    request.on('error', (error) => finish({ error }))
    request.end(body)
  })
}
