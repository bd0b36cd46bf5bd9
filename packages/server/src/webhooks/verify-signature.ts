import { timingSafeEqual } from 'node:crypto'
import { signatureOf } from './signature.js'

/**
 * Verifies a `Warbler-Signature` header (`t=<unix seconds>,v1=<hex>`) against the raw request body,
 * as a webhook or before-send receiver should: the HMAC must match (any `v1` entry) and `t` must lie
 * within `toleranceSeconds` of now, so a captured request cannot be replayed later.
 * Pass the body exactly as received, before any JSON parsing.
 *
 * @example
 * ```ts
 * import { verifyWebhookSignature } from '@warbler/server'
 * if (!verifyWebhookSignature(req.headers['warbler-signature'], rawBody, process.env.WEBHOOK_SECRET, 300)) {
 *   res.statusCode = 400
 *   return res.end()
 * }
 * ```
 */
export function verifyWebhookSignature(
  header: string | undefined | null,
  rawBody: string | Buffer,
  secret: string,
  toleranceSeconds = 300,
  nowSeconds = Math.floor(Date.now() / 1000),
): boolean {
  if (!header) return false
  let timestamp: number | undefined
  const candidates: string[] = []
  for (const part of header.split(',')) {
    const separator = part.indexOf('=')
    if (separator < 0) continue
    const key = part.slice(0, separator).trim()
    const value = part.slice(separator + 1).trim()
    if (key === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value)
    else if (key === 'v1' && /^[0-9a-f]{64}$/i.test(value)) candidates.push(value.toLowerCase())
  }
  if (timestamp === undefined || candidates.length === 0) return false
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false
  const expected = Buffer.from(signatureOf(secret, timestamp, rawBody), 'hex')
  return candidates.some((candidate) => timingSafeEqual(Buffer.from(candidate, 'hex'), expected))
}
