import { lookup } from 'node:dns/promises'
import { BlockList, isIP } from 'node:net'
import { WarblerError } from '@warbler/protocol'
import { bareAddress, embeddedIpv4, isReservedAddress } from './reserved-addresses.js'

/** One resolved address of a host name. */
export interface ResolvedAddress {
  address: string
  family: number
}

/** Resolves a host name to all its addresses (replaceable in tests). */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>

/** A URL whose host was resolved once and whose every address was checked; connect to `address`. */
export interface CheckedTarget {
  url: URL
  address: string
  family: 4 | 6
}

const systemResolver: Resolver = (hostname) => lookup(hostname, { all: true, verbatim: true })

/**
 * Parses an outbound URL: only http(s), no credentials in it. Throws `validation_failed` otherwise.
 */
export function parseOutboundUrl(input: string | URL): URL {
  let url: URL
  try {
    url = new URL(input)
  } catch {
    throw new WarblerError('validation_failed', `Not a valid URL: ${String(input).slice(0, 200)}`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new WarblerError('validation_failed', `Only http:// and https:// URLs are called, not ${url.protocol}`)
  if (url.username || url.password) throw new WarblerError('validation_failed', 'URLs with credentials are not called.')
  return url
}

/** The URL's host name as compared with the allowlist: no brackets, no trailing dot, lower case. */
function hostOf(url: URL): string {
  return bareAddress(url.hostname).replace(/\.$/, '').toLowerCase()
}

/**
 * Where outbound calls may go (the SSRF policy every outbound request of Warbler goes through).
 * Public addresses pass; private, loopback, link-local, CGNAT, ULA, multicast, reserved and
 * IPv4-in-IPv6 forms of them are refused unless an operator allowlisted the address, the range
 * or the host name (`WARBLER_OUTBOUND_ALLOWLIST=127.0.0.1,10.0.0.0/8,fd00::/8,hooks.internal`).
 *
 * @example
 * ```ts
 * const policy = new AddressPolicy(['10.0.0.0/8'])
 * const target = await policy.check('https://example.com/hook') // throws `forbidden` for a name resolving to 192.168.0.5
 * ```
 */
export class AddressPolicy {
  private readonly allowedRanges = new BlockList()
  private readonly allowedHosts = new Set<string>()

  /**
   * @param allowlist IP addresses, CIDR ranges and host names that may be reached although internal.
   * @param resolve Host name resolution (the system's by default).
   */
  constructor(
    private readonly allowlist: readonly string[] = [],
    private readonly resolve: Resolver = systemResolver,
  ) {
    for (const entry of allowlist) {
      const [network, prefixText] = entry.trim().split('/') as [string, string | undefined]
      const address = bareAddress(network)
      const family = isIP(address)
      if (family === 0) {
        if (prefixText !== undefined || network === '') throw new Error(`Not an IP address, CIDR range or host name in the outbound allowlist: ${entry}`)
        this.allowedHosts.add(network.replace(/\.$/, '').toLowerCase())
        continue
      }
      const type = family === 4 ? 'ipv4' : 'ipv6'
      const prefix = prefixText === undefined ? undefined : Number(prefixText)
      if (prefix !== undefined && (!Number.isInteger(prefix) || prefix < 0 || prefix > (family === 4 ? 32 : 128))) {
        throw new Error(`Not a CIDR range in the outbound allowlist: ${entry}`)
      }
      if (prefix === undefined) this.allowedRanges.addAddress(address, type)
      else this.allowedRanges.addSubnet(address, prefix, type)
    }
  }

  /** A policy that also allows these entries (e.g. the host of an endpoint the operator configured). */
  including(entries: readonly string[]): AddressPolicy {
    return new AddressPolicy([...this.allowlist, ...entries], this.resolve)
  }

  /** True when a connection to this IP address is allowed (public, or allowlisted). */
  allows(address: string): boolean {
    const bare = bareAddress(address)
    const family = isIP(bare)
    if (family === 0) return false
    if (this.allowlisted(bare, family)) return true
    return !isReservedAddress(bare)
  }

  private allowlisted(address: string, family: number): boolean {
    if (this.allowedRanges.check(address, family === 4 ? 'ipv4' : 'ipv6')) return true
    const v4 = family === 6 ? embeddedIpv4(address) : undefined
    return v4 !== undefined && this.allowedRanges.check(v4, 'ipv4')
  }

  /**
   * Parses the URL, resolves its host once and checks every address it resolves to. Throws
   * `validation_failed` for a URL that is not http(s), carries credentials or names no host that
   * exists, `upstream_failed` when resolution fails otherwise, `forbidden` when an address is
   * internal and not allowlisted. The error never says which address a name resolved to.
   */
  async check(input: string | URL): Promise<CheckedTarget> {
    const url = parseOutboundUrl(input)
    const host = hostOf(url)
    let addresses: ResolvedAddress[]
    const literal = isIP(host)
    if (literal !== 0) addresses = [{ address: host, family: literal }]
    else {
      try {
        addresses = await this.resolve(host)
      } catch (error) {
        const code = (error as { code?: unknown }).code
        const missing = code === 'ENOTFOUND' || code === 'ENODATA'
        throw new WarblerError(missing ? 'validation_failed' : 'upstream_failed', `${host} could not be resolved${typeof code === 'string' ? ` (${code})` : ''}.`)
      }
    }
    if (addresses.length === 0) throw new WarblerError('validation_failed', `${host} could not be resolved (no address).`)
    if (!this.allowedHosts.has(host) && addresses.some((entry) => !this.allows(entry.address))) {
      const why = literal !== 0 ? 'it is a private or reserved address' : 'it resolves to a private or reserved address'
      throw new WarblerError('forbidden', `Calling ${host} is not allowed: ${why}; an operator may allow it with WARBLER_OUTBOUND_ALLOWLIST.`)
    }
    const chosen = addresses[0]!
    return { url, address: bareAddress(chosen.address), family: chosen.family === 6 || isIP(bareAddress(chosen.address)) === 6 ? 6 : 4 }
  }
}
