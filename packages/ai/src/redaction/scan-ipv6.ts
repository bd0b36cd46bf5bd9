/**
 * IPv6 addresses: full (`2001:0db8:85a3:0000:0000:8a2e:0370:7334`), compressed (`2001:db8::1`),
 * with an embedded IPv4 (`::ffff:192.168.1.10`) and with a zone id (`fe80::1%eth0`).
 *
 * To keep `::` in code (`std::vector`, `a::b`, `x[1::2]`) and times (`12:30:45`) out, a compressed
 * address needs two groups or more, one of them at least three hex digits long, and a decimal
 * digit somewhere. So the loopback `::1` and the unspecified `::` are not redacted: they are the
 * same on every machine and tell nothing about a person.
 */
import { isWordCode, type EmitCandidate } from './pii-candidate.js'

/** The longest IPv6 text: eight groups of four, or six and an IPv4. */
const MAX_ADDRESS_LENGTH = 45
const MAX_ZONE_LENGTH = 32
const COLON = 0x3a
const DOT = 0x2e

const isHexCode = (code: number): boolean => (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x46) || (code >= 0x61 && code <= 0x66)
const isAddressCode = (code: number): boolean => isHexCode(code) || code === COLON || code === DOT
const isZoneCode = (code: number): boolean => isWordCode(code) || code === DOT || code === 0x2d || code === 0x7e

/** Whether an address can start at `index`: not inside a word, a longer address or a dotted run. */
export function canStartIpv6(text: string, index: number): boolean {
  const code = text.charCodeAt(index)
  if (!isHexCode(code) && code !== COLON) return false
  const before = index > 0 ? text.charCodeAt(index - 1) : -1
  return !isWordCode(before) && before !== COLON && before !== DOT
}

const HEX_GROUP = /^[0-9A-Fa-f]{1,4}$/
const IPV4_TAIL = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/

/** The explicit groups of a `:`-separated part, an IPv4 tail counting as two; undefined if invalid. */
function groupsOf(part: string, mayEndInIpv4: boolean): string[] | undefined {
  if (part === '') return []
  const groups = part.split(':')
  const last = groups[groups.length - 1]!
  if (mayEndInIpv4 && last.includes('.')) {
    if (!IPV4_TAIL.test(last)) return undefined
    groups.splice(-1, 1, last, '')
  }
  const hex = mayEndInIpv4 && last.includes('.') ? groups.slice(0, -2) : groups
  return hex.every((group) => HEX_GROUP.test(group)) ? groups : undefined
}

/** Whether `address` (no zone) is an IPv6 address as people write them about a machine. */
function isIpv6(address: string): boolean {
  if (!/\d/.test(address)) return false
  const halves = address.split('::')
  if (halves.length > 2) return false
  if (halves.length === 1) return groupsOf(address, true)?.length === 8
  const head = groupsOf(halves[0]!, false)
  const tail = groupsOf(halves[1]!, true)
  if (head === undefined || tail === undefined) return false
  const groups = [...head, ...tail]
  return groups.length >= 2 && groups.length <= 7 && groups.some((group) => group.length >= 3)
}

/** The RFC 5952 form, so `2001:DB8:0:0::1` and `2001:db8::1` share a placeholder. */
function ipv6Canonical(address: string, zone: string): string {
  let canonical = address.toLowerCase()
  try {
    canonical = new URL(`http://[${address}]/`).hostname.slice(1, -1)
  } catch {
    // isIpv6 accepted it, so the URL parser does too; keep the lower-case form if not.
  }
  return zone === '' ? canonical : `${canonical}%${zone}`
}

/**
 * Reads the address-like token starting at `start` (see {@link canStartIpv6}) and proposes it when
 * it is an IPv6 address. Returns where the token ends; the caller looks for the next one after it.
 */
export function scanIpv6(text: string, from: number, emit: EmitCandidate): number {
  // A colon before the address is punctuation (`地址：2001:db8::1`, the full-width colon folded).
  const colons = text.startsWith(':::', from) ? 1 : text.charCodeAt(from) === COLON && text.charCodeAt(from + 1) !== COLON ? 1 : 0
  const start = from + colons
  let end = start
  while (end < text.length && isAddressCode(text.charCodeAt(end))) end++
  const tokenEnd = end
  // A sentence may end right after an address (`…::1.`, `…::1:`), but `2001:db8::` ends in `::`.
  while (end > start && text.charCodeAt(end - 1) === DOT) end--
  if (text.charCodeAt(end - 1) === COLON && text.charCodeAt(end - 2) !== COLON) end--
  if (end - start > MAX_ADDRESS_LENGTH) return tokenEnd
  const address = text.slice(start, end)
  let zoneEnd = end
  if (end === tokenEnd && text.charCodeAt(end) === 0x25) {
    let index = end + 1
    while (index < text.length && isZoneCode(text.charCodeAt(index))) index++
    while (index > end + 1 && text.charCodeAt(index - 1) === DOT) index--
    if (index > end + 1 && index - end - 1 <= MAX_ZONE_LENGTH) zoneEnd = index
  }
  if (isWordCode(text.charCodeAt(zoneEnd)) || !isIpv6(address)) return Math.max(tokenEnd, zoneEnd)
  emit({ type: 'ip', start, end: zoneEnd, canonical: ipv6Canonical(address, text.slice(end + 1, zoneEnd)) })
  return Math.max(tokenEnd, zoneEnd)
}
