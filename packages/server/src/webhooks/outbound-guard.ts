import { lookup } from 'node:dns/promises'
import { BlockList, isIP } from 'node:net'
import { WarblerError } from '@warbler/protocol'

// Internal ranges outbound calls never reach unless allowlisted. Two lists: Node's BlockList also
// matches IPv4 addresses against IPv4-mapped IPv6 rules, which would block every IPv4 address.
const BLOCKED_V4 = new BlockList()
const BLOCKED_V6 = new BlockList()
for (const [network, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.88.99.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24],
  ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) BLOCKED_V4.addSubnet(network, prefix, 'ipv4')
for (const [network, prefix] of [
  // unspecified, loopback, IPv4-compatible and IPv4-mapped, NAT64, discard, documentation, 6to4,
  // unique local, link-local, site-local, multicast
  ['::', 96], ['::1', 128], ['::ffff:0:0', 96], ['64:ff9b::', 96], ['100::', 64], ['2001:db8::', 32], ['2002::', 16],
  ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8],
] as const) BLOCKED_V6.addSubnet(network, prefix, 'ipv6')

/** A URL whose host was resolved and checked; connect to `address`, never resolve the name again. */
export interface CheckedTarget {
  url: URL
  address: string
  family: 4 | 6
}

/** Resolves a host name to its addresses (replaceable in tests). */
export type Resolver = (hostname: string) => Promise<{ address: string; family: number }[]>

const systemResolver: Resolver = (hostname) => lookup(hostname, { all: true, verbatim: true })

/**
 * The SSRF guard of outbound calls (webhooks, the before-send hook): resolves the host itself and
 * refuses private, loopback, link-local, CGNAT, multicast, reserved, IPv6 ULA/link-local and
 * IPv4-mapped addresses unless the operator allowlisted the host, address or range.
 *
 * The knowledge-base fetcher in `@warbler/ai` has a similar policy, but the package exports no
 * entry point for it, so this guard is separate.
 *
 * @example
 * ```ts
 * const guard = new OutboundGuard(['127.0.0.1', 'hooks.internal'])
 * const target = await guard.check('https://example.com/hook')  // throws `forbidden` for 10.0.0.5
 * ```
 */
export class OutboundGuard {
  private readonly allowedRanges = new BlockList()
  private readonly allowedHosts = new Set<string>()

  constructor(allowlist: readonly string[] = [], private readonly resolve: Resolver = systemResolver) {
    for (const entry of allowlist) {
      const [network, prefixText] = entry.split('/') as [string, string | undefined]
      const family = isIP(network)
      if (family === 0) {
        if (prefixText !== undefined) throw new Error(`Not a CIDR range in WARBLER_OUTBOUND_ALLOWLIST: ${entry}`)
        this.allowedHosts.add(entry.toLowerCase())
        continue
      }
      const type = family === 4 ? 'ipv4' : 'ipv6'
      if (prefixText === undefined) this.allowedRanges.addAddress(network, type)
      else this.allowedRanges.addSubnet(network, Number(prefixText), type)
    }
  }

  /** True when a connection to this IP address is allowed. */
  allowsAddress(address: string): boolean {
    const family = isIP(address)
    if (family === 0) return false
    const type = family === 4 ? 'ipv4' : 'ipv6'
    if (this.allowedRanges.check(address, type)) return true
    const mapped = family === 6 ? /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1] : undefined
    if (mapped !== undefined && this.allowedRanges.check(mapped, 'ipv4')) return true
    return !(family === 4 ? BLOCKED_V4 : BLOCKED_V6).check(address, type)
  }

  /**
   * Parses the URL, resolves its host and picks an allowed address. Throws `validation_failed` for a
   * URL that is not http(s) or carries credentials, `forbidden` when every address is internal.
   */
  async check(urlText: string): Promise<CheckedTarget> {
    let url: URL
    try {
      url = new URL(urlText)
    } catch {
      throw new WarblerError('validation_failed', `Not a valid URL: ${urlText.slice(0, 200)}`)
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new WarblerError('validation_failed', 'Only http:// and https:// URLs are called.')
    if (url.username || url.password) throw new WarblerError('validation_failed', 'URLs with credentials are not called.')
    const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase()
    let addresses: { address: string; family: number }[]
    if (isIP(host) !== 0) addresses = [{ address: host, family: isIP(host) }]
    else {
      try {
        addresses = await this.resolve(host)
      } catch (error) {
        throw new WarblerError('validation_failed', `Cannot resolve ${host}: ${(error as Error).message}`, { cause: error })
      }
    }
    const hostAllowed = this.allowedHosts.has(host)
    const chosen = addresses.find((entry) => hostAllowed || this.allowsAddress(entry.address))
    if (!chosen) {
      throw new WarblerError('forbidden', `${host} resolves to a private or reserved address; an operator may allow it with WARBLER_OUTBOUND_ALLOWLIST.`)
    }
    return { url, address: chosen.address, family: chosen.family === 6 ? 6 : 4 }
  }
}
