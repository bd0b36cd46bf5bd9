import { BlockList, isIP } from 'node:net'

/**
 * Ranges outbound calls never reach unless an operator allowlisted them: unspecified, private,
 * loopback, link-local, CGNAT, benchmarking, documentation, multicast and reserved IPv4; IPv6
 * unspecified, loopback, ULA, link-local, site-local, multicast, documentation, discard, IETF
 * protocol assignments (Teredo) and local-use NAT64. IPv6 forms that carry an IPv4 address
 * (mapped, compatible, NAT64, 6to4) are judged as that IPv4 address.
 */
const RESERVED_V4 = new BlockList()
const RESERVED_V6 = new BlockList()
for (const [network, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.88.99.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15],
  ['198.51.100.0', 24], ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) RESERVED_V4.addSubnet(network, prefix, 'ipv4')
for (const [network, prefix] of [
  ['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8], ['2001:db8::', 32],
  ['100::', 64], ['2001::', 23], ['64:ff9b:1::', 48],
] as const) RESERVED_V6.addSubnet(network, prefix, 'ipv6')

/** An IP address without brackets or an IPv6 zone (`[fe80::1%eth0]` → `fe80::1`). */
export function bareAddress(address: string): string {
  return address.replace(/^\[|\]$/g, '').replace(/%.*$/, '')
}

/**
 * The IPv4 address hidden in an IPv6 one (IPv4-mapped `::ffff:a.b.c.d`, IPv4-compatible `::a.b.c.d`,
 * NAT64 `64:ff9b::/96`, 6to4 `2002::/16`), so it is judged as the IPv4 address it reaches.
 */
export function embeddedIpv4(address: string): string | undefined {
  const groups = expandIpv6(address)
  if (!groups) return undefined
  const toV4 = (high: number, low: number): string => `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`
  const zero = (from: number, to: number): boolean => groups.slice(from, to).every((group) => group === 0)
  if (zero(0, 5) && groups[5] === 0xffff) return toV4(groups[6]!, groups[7]!)
  if (zero(0, 6) && (groups[6] !== 0 || groups[7]! > 1)) return toV4(groups[6]!, groups[7]!)
  if (groups[0] === 0x64 && groups[1] === 0xff9b && zero(2, 6)) return toV4(groups[6]!, groups[7]!)
  if (groups[0] === 0x2002) return toV4(groups[1]!, groups[2]!)
  return undefined
}

function expandIpv6(address: string): number[] | undefined {
  let text = bareAddress(address).toLowerCase()
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)
  if (v4) {
    const parts = v4[1]!.split('.').map(Number)
    text = text.slice(0, -v4[1]!.length) + `${((parts[0]! << 8) | parts[1]!).toString(16)}:${((parts[2]! << 8) | parts[3]!).toString(16)}`
  }
  const [head, tail] = text.split('::') as [string, string | undefined]
  const headGroups = head === '' ? [] : head.split(':')
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':')
  const missing = 8 - headGroups.length - tailGroups.length
  if (tail === undefined ? missing !== 0 : missing < 0) return undefined
  const groups = [...headGroups, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...tailGroups].map((group) => parseInt(group, 16))
  return groups.length === 8 && groups.every((group) => Number.isInteger(group) && group >= 0 && group <= 0xffff) ? groups : undefined
}

/** True for an IP address in one of the reserved ranges above (a string that is no IP address counts as reserved). */
export function isReservedAddress(address: string): boolean {
  const bare = bareAddress(address)
  const family = isIP(bare)
  if (family === 4) return RESERVED_V4.check(bare, 'ipv4')
  if (family !== 6) return true
  const v4 = embeddedIpv4(bare)
  return v4 !== undefined ? RESERVED_V4.check(v4, 'ipv4') : RESERVED_V6.check(bare, 'ipv6')
}
