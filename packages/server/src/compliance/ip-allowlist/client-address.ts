import type { IncomingHttpHeaders } from 'node:http'

/**
 * The address an allowlist judges. Without `trustProxy` it is the socket's peer and
 * `X-Forwarded-For` is ignored (anyone can send that header). With `trustProxy` it is the **last**
 * `X-Forwarded-For` entry: the one the proxy in front of Warbler wrote itself. The first entry (what
 * `request.ip` and the audit log show) is whatever the client claimed before reaching the proxy, so a
 * client could name an allowed address there and pass; the last one it cannot forge. Behind several
 * proxies the last entry is the next proxy out, so the check fails closed (see docs/compliance.md).
 */
export function allowlistAddress(headers: IncomingHttpHeaders, socketAddress: string | undefined, trustProxy: boolean): string {
  if (trustProxy) {
    const header = headers['x-forwarded-for']
    const values = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map((part) => part.trim()).filter(Boolean)
    const last = values.at(-1)
    if (last) return stripPort(last)
  }
  return socketAddress ?? ''
}

/** `203.0.113.7:51000` → `203.0.113.7`, `[2001:db8::1]:443` → `2001:db8::1` (some proxies add the port). */
function stripPort(value: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value)
  if (bracketed) return bracketed[1]!
  const v4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(value)
  return v4WithPort ? v4WithPort[1]! : value
}
