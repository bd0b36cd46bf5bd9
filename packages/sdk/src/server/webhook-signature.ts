/** The part of Web Crypto's `SubtleCrypto` this file uses. */
interface HmacSubtle {
  importKey(format: 'raw', key: Uint8Array, algorithm: { name: 'HMAC'; hash: 'SHA-256' }, extractable: false, usages: ['verify']): Promise<unknown>
  verify(algorithm: 'HMAC', key: unknown, signature: Uint8Array, data: Uint8Array): Promise<boolean>
}

/** The Web Crypto API (global in Node 20+, Deno, Bun, browsers and edge runtimes). */
function subtle(): HmacSubtle {
  const crypto = (globalThis as { crypto?: { subtle?: HmacSubtle } }).crypto
  if (!crypto?.subtle) throw new Error('verifyWebhookSignature needs the Web Crypto API (globalThis.crypto.subtle).')
  return crypto.subtle
}

function hexToBytes(hex: string): Uint8Array {
  const bytes = new Uint8Array(hex.length / 2)
  for (let index = 0; index < bytes.length; index += 1) bytes[index] = Number.parseInt(hex.slice(index * 2, index * 2 + 2), 16)
  return bytes
}

function concat(first: Uint8Array, second: Uint8Array): Uint8Array {
  const joined = new Uint8Array(first.length + second.length)
  joined.set(first)
  joined.set(second, first.length)
  return joined
}

/**
 * Verifies a `Warbler-Signature` header (`t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`)
 * as a webhook or before-send receiver should: some `v1` entry must match (compared in constant
 * time by Web Crypto's `verify`) and `t` must lie within `toleranceSeconds` of now, so a captured
 * request cannot be replayed later. Pass the body exactly as received, before any JSON parsing.
 * Runs anywhere with Web Crypto (Node 20+, Deno, Bun, edge runtimes), hence asynchronous.
 *
 * @example
 * ```ts
 * import { verifyWebhookSignature } from '@warbler/sdk/server'
 * if (!(await verifyWebhookSignature(req.headers['warbler-signature'], rawBody, process.env.WEBHOOK_SECRET!))) {
 *   res.statusCode = 400
 *   return res.end()
 * }
 * ```
 */
export async function verifyWebhookSignature(
  header: string | string[] | undefined | null,
  rawBody: string | Uint8Array,
  secret: string,
  toleranceSeconds = 300,
  nowSeconds = Math.floor(Date.now() / 1000),
): Promise<boolean> {
  const value = Array.isArray(header) ? header[0] : header
  if (!value || !secret) return false
  let timestamp: number | undefined
  const candidates: string[] = []
  for (const part of value.split(',')) {
    const separator = part.indexOf('=')
    if (separator < 0) continue
    const key = part.slice(0, separator).trim()
    const entry = part.slice(separator + 1).trim()
    if (key === 't' && /^\d{1,12}$/.test(entry)) timestamp = Number(entry)
    else if (key === 'v1' && /^[0-9a-f]{64}$/i.test(entry)) candidates.push(entry.toLowerCase())
  }
  if (timestamp === undefined || candidates.length === 0) return false
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false
  const encoder = new TextEncoder()
  const key = await subtle().importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify'])
  const body = typeof rawBody === 'string' ? encoder.encode(rawBody) : rawBody
  const signed = concat(encoder.encode(`${timestamp}.`), body)
  for (const candidate of candidates) {
    if (await subtle().verify('HMAC', key, hexToBytes(candidate), signed)) return true
  }
  return false
}
