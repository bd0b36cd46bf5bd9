import { createHmac } from 'node:crypto'

/** The hex HMAC-SHA256 of `"<t>.<raw body>"` keyed by the secret. */
export function signatureOf(secret: string, timestampSeconds: number, rawBody: string | Buffer): string {
  return createHmac('sha256', secret).update(`${timestampSeconds}.`).update(rawBody).digest('hex')
}

/**
 * The `Warbler-Signature` header value for a body: `t=<unix seconds>,v1=<hex HMAC-SHA256 of
 * "<t>.<raw body>" keyed by the secret>`. A public contract: receivers verify it byte for byte.
 */
export function signatureHeader(secret: string, rawBody: string | Buffer, timestampSeconds = Math.floor(Date.now() / 1000)): string {
  return `t=${timestampSeconds},v1=${signatureOf(secret, timestampSeconds, rawBody)}`
}
