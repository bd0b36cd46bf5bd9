/** The name of the console session cookie. */
export const SESSION_COOKIE = 'warbler_console'

/**
 * Reads one cookie from a Cookie header. A value that is not valid percent-encoding is no value at
 * all (the caller treats it as "no session"), never an error.
 */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined
  for (const part of header.split(';')) {
    const index = part.indexOf('=')
    if (index < 0) continue
    if (part.slice(0, index).trim() !== name) continue
    try {
      return decodeURIComponent(part.slice(index + 1).trim())
    } catch {
      return undefined
    }
  }
  return undefined
}

/**
 * A Set-Cookie value for the session: httpOnly (no script can read it), SameSite=Strict (never sent
 * from another site), Secure over HTTPS, scoped to the API.
 */
export function sessionCookie(value: string, options: { maxAgeSeconds: number; secure: boolean }): string {
  const parts = [`${SESSION_COOKIE}=${encodeURIComponent(value)}`, 'Path=/api/v1/console', 'HttpOnly', 'SameSite=Strict', `Max-Age=${Math.max(0, Math.floor(options.maxAgeSeconds))}`]
  if (options.secure) parts.push('Secure')
  return parts.join('; ')
}
