import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto'

/** The cookie that carries one sign-in attempt from `/start` to `/callback`. */
export const FLOW_COOKIE = 'warbler_sso'
/** Where that cookie is sent: the SSO routes only. */
export const FLOW_COOKIE_PATH = '/api/v1/console/sso'

/** What the callback must find again: the values sent to the provider, and when the attempt expires. */
export interface SsoFlow {
  state: string
  nonce: string
  codeVerifier: string
  expiresAt: number
}

/**
 * Seals sign-in attempts into a cookie (AES-256-GCM, so the browser can neither read nor change
 * them) instead of keeping them on one node: the provider may send the browser back to any node.
 * The key is derived from the operator key, which every node of a deployment shares.
 */
export class FlowSealer {
  readonly #key: Buffer

  constructor(secret: string) {
    this.#key = createHmac('sha256', secret).update('warbler/console-sso-flow').digest()
  }

  /** The cookie value of an attempt. */
  seal(flow: SsoFlow): string {
    const iv = randomBytes(12)
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv)
    const body = Buffer.concat([cipher.update(JSON.stringify(flow), 'utf8'), cipher.final()])
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')
  }

  /** The attempt in a cookie value, or undefined when it was altered, is malformed or has expired. */
  open(value: string | undefined, now: number): SsoFlow | undefined {
    if (!value) return undefined
    const bytes = Buffer.from(value, 'base64url')
    if (bytes.length < 29) return undefined
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, bytes.subarray(0, 12))
      decipher.setAuthTag(bytes.subarray(12, 28))
      const flow = JSON.parse(Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8')) as SsoFlow
      if (typeof flow.state !== 'string' || typeof flow.nonce !== 'string' || typeof flow.codeVerifier !== 'string' || typeof flow.expiresAt !== 'number') return undefined
      return flow.expiresAt > now ? flow : undefined
    } catch {
      return undefined
    }
  }
}

/** A Set-Cookie value for the attempt: httpOnly, SameSite=Lax (the provider's redirect back is a cross-site navigation), SSO paths only. */
export function flowCookie(value: string, options: { maxAgeSeconds: number; secure: boolean }): string {
  const parts = [`${FLOW_COOKIE}=${value}`, `Path=${FLOW_COOKIE_PATH}`, 'HttpOnly', 'SameSite=Lax', `Max-Age=${Math.max(0, Math.floor(options.maxAgeSeconds))}`]
  if (options.secure) parts.push('Secure')
  return parts.join('; ')
}
