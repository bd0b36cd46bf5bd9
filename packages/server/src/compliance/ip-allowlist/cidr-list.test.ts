import { describe, expect, it } from 'vitest'
import { CidrList } from './cidr-list.js'

describe('CidrList', () => {
  const list = CidrList.parse('10.0.0.0/8, 192.168.1.7 2001:db8:abcd::/48,::1', 'TEST')

  it('matches IPv4 ranges and single addresses', () => {
    expect(list.contains('10.200.3.4')).toBe(true)
    expect(list.contains('192.168.1.7')).toBe(true)
    expect(list.contains('192.168.1.8')).toBe(false)
    expect(list.contains('11.0.0.1')).toBe(false)
  })

  it('matches IPv6 ranges, with brackets or a zone', () => {
    expect(list.contains('2001:db8:abcd:12::5')).toBe(true)
    expect(list.contains('[2001:db8:abcd::1]')).toBe(true)
    expect(list.contains('2001:db8:abce::1')).toBe(false)
    expect(list.contains('::1')).toBe(true)
    expect(list.contains('fe80::1%eth0')).toBe(false)
  })

  it('judges an IPv4-mapped IPv6 peer as its IPv4 address, but not 6to4 or NAT64 forms', () => {
    expect(list.contains('::ffff:10.1.1.1')).toBe(true)
    expect(list.contains('::FFFF:192.168.1.7')).toBe(true)
    expect(list.contains('2002:0a01:0101::1')).toBe(false)
    expect(list.contains('64:ff9b::a01:101')).toBe(false)
  })

  it('refuses what is not an address', () => {
    expect(list.contains('')).toBe(false)
    expect(list.contains('example.com')).toBe(false)
  })

  it('stops on a malformed entry, naming the variable', () => {
    for (const bad of ['10.0.0.0/33', '10.0.0/8', 'intranet', '::/129', '10.0.0.0/8/1', '10.0.0.0/-1', '10.0.0.0/ 8x']) {
      expect(() => CidrList.parse(bad, 'WARBLER_ADMIN_IP_ALLOWLIST')).toThrow(/WARBLER_ADMIN_IP_ALLOWLIST/)
    }
    expect(CidrList.parse(' , ', 'X').empty).toBe(true)
  })
})
