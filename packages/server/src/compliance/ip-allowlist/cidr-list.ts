import { BlockList, isIP } from 'node:net'

/** `::ffff:a.b.c.d` (how a dual-stack socket shows an IPv4 peer) → `a.b.c.d`; anything else unchanged. */
export function unmapIpv4(address: string): string {
  const match = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address)
  return match && isIP(match[1]!) === 4 ? match[1]! : address
}

/**
 * A list of IP addresses and CIDR ranges, IPv4 and IPv6, that answers whether an address is in it.
 * An IPv4-mapped IPv6 address (`::ffff:10.0.0.5`) is judged as its IPv4 address; other IPv6 forms
 * that embed an IPv4 address (6to4, NAT64) are not, since anyone holding such an IPv6 address could
 * otherwise pass as the IPv4 host it names.
 *
 * @example
 * ```ts
 * const list = CidrList.parse('10.0.0.0/8, 2001:db8::/32, 203.0.113.7', 'WARBLER_ADMIN_IP_ALLOWLIST')
 * list.contains('10.1.2.3') // true
 * list.contains('::ffff:10.1.2.3') // true
 * ```
 */
export class CidrList {
  readonly #ranges = new BlockList()

  private constructor(readonly entries: readonly string[]) {
    for (const entry of entries) {
      const [network, prefix] = entry.split('/') as [string, string | undefined]
      const family = isIP(network) as 4 | 6
      const type = family === 4 ? 'ipv4' : 'ipv6'
      if (prefix === undefined) this.#ranges.addAddress(network, type)
      else this.#ranges.addSubnet(network, Number(prefix), type)
    }
  }

  /**
   * Parses a comma (or whitespace) separated list. Throws an error naming `source` and the entry
   * for anything that is not an IP address or a CIDR range, so a typo stops the start instead of
   * silently locking everyone out or letting everyone in.
   */
  static parse(text: string, source: string): CidrList {
    const entries: string[] = []
    for (const raw of text.split(/[\s,]+/)) {
      const entry = raw.trim()
      if (entry === '') continue
      const [network = '', prefixText, extra] = entry.split('/')
      const family = isIP(network)
      const prefix = prefixText === undefined ? undefined : Number(prefixText)
      const valid =
        family !== 0 &&
        extra === undefined &&
        (prefix === undefined || (/^\d{1,3}$/.test(prefixText!) && prefix <= (family === 4 ? 32 : 128)))
      if (!valid) throw new Error(`${source}: "${entry}" is not an IP address or a CIDR range (like 10.0.0.0/8 or 2001:db8::/32)`)
      entries.push(family === 6 && prefix === undefined ? unmapIpv4(network) : entry)
    }
    return new CidrList(entries)
  }

  /** Whether the list has no entries. */
  get empty(): boolean {
    return this.entries.length === 0
  }

  /** Whether an address (IPv4, IPv6, IPv4-mapped IPv6, with or without brackets or a zone) is in the list. */
  contains(address: string): boolean {
    const bare = unmapIpv4(address.replace(/^\[|\]$/g, '').replace(/%.*$/, ''))
    const family = isIP(bare)
    if (family === 0) return false
    return this.#ranges.check(bare, family === 4 ? 'ipv4' : 'ipv6')
  }
}
