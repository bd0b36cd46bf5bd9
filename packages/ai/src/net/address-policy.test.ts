import { describe, expect, it } from 'vitest'
import { AddressPolicy } from './address-policy.js'
import { nextHop } from './redirect-hop.js'

describe('AddressPolicy', () => {
  const policy = new AddressPolicy()
  it.each([
    '127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '255.255.255.255',
    '::1', '::', 'fd00::1', 'fe80::1', 'fe80::1%eth0', 'ff02::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '::127.0.0.1', '64:ff9b::a00:1', '2002:c0a8:0101::1', '2001:db8::1',
  ])('refuses %s', (address) => expect(policy.allows(address)).toBe(false))

  it.each(['93.184.216.34', '8.8.8.8', '2606:4700::1111', '::ffff:8.8.8.8'])('allows public %s', (address) => expect(policy.allows(address)).toBe(true))

  it('lets an operator allowlist addresses, ranges and host names', async () => {
    const allowing = new AddressPolicy(['127.0.0.1', '10.20.0.0/16', 'hooks.internal'], async (host) => [{ address: host === 'hooks.internal' ? '10.99.0.1' : '10.0.0.9', family: 4 }])
    expect(allowing.allows('127.0.0.1')).toBe(true)
    expect(allowing.allows('::ffff:127.0.0.1')).toBe(true)
    expect(allowing.allows('10.20.3.4')).toBe(true)
    expect(allowing.allows('127.0.0.2')).toBe(false)
    expect(allowing.allows('10.21.0.1')).toBe(false)
    expect(await allowing.check('http://hooks.internal/x')).toMatchObject({ address: '10.99.0.1', family: 4 })
    await expect(allowing.check('http://sneaky.example/x')).rejects.toMatchObject({ code: 'forbidden' })
    expect(allowing.including(['10.0.0.9']).allows('10.0.0.9')).toBe(true)
    expect(() => new AddressPolicy(['10.0.0.0/99'])).toThrow(/CIDR/)
  })

  it('checks every address a name resolves to, and never says which one was internal', async () => {
    const mixed = new AddressPolicy([], async () => [{ address: '93.184.216.34', family: 4 }, { address: '10.0.0.7', family: 4 }])
    const refusal = await mixed.check('https://mixed.example/').catch((error: Error) => error)
    expect(refusal).toMatchObject({ code: 'forbidden' })
    expect((refusal as Error).message).toContain('Calling mixed.example is not allowed: it resolves to a private or reserved address')
    expect((refusal as Error).message).not.toContain('10.0.0.7')
    const single = new AddressPolicy([], async () => [{ address: '93.184.216.34', family: 4 }])
    expect(await single.check('https://public.example/')).toMatchObject({ address: '93.184.216.34', family: 4 })
  })

  it('refuses odd URLs and names that do not resolve', async () => {
    const missing = new AddressPolicy([], async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND nowhere.example'), { code: 'ENOTFOUND' })
    })
    await expect(missing.check('https://nowhere.example/')).rejects.toMatchObject({ code: 'validation_failed' })
    await expect(policy.check('ftp://example.com/')).rejects.toMatchObject({ code: 'validation_failed' })
    await expect(policy.check('http://user:pass@example.com/')).rejects.toMatchObject({ code: 'validation_failed' })
    await expect(policy.check('not a url')).rejects.toMatchObject({ code: 'validation_failed' })
    await expect(policy.check('http://[::ffff:127.0.0.1]/')).rejects.toMatchObject({ code: 'forbidden' })
  })
})

describe('nextHop', () => {
  const hop = (url: string, method = 'POST') => ({
    url: new URL(url),
    method,
    headers: new Headers({ authorization: 'Bearer secret', cookie: 'a=1', 'content-type': 'application/json', 'x-trace': '1' }),
    body: new TextEncoder().encode('{}'),
  })

  it('refuses a redirect from https to http', () => {
    expect(() => nextHop(hop('https://a.example/x'), 307, 'http://a.example/y')).toThrow(/https to http/)
  })

  it('keeps method, body and credentials on a same-origin 307, drops credentials across origins', () => {
    const same = nextHop(hop('https://a.example/x'), 307, '/y')
    expect(same).toMatchObject({ method: 'POST' })
    expect(same.headers.get('authorization')).toBe('Bearer secret')
    const other = nextHop(hop('https://a.example/x'), 308, 'https://b.example/y')
    expect(other.body).toBeDefined()
    expect(other.headers.get('authorization')).toBeNull()
    expect(other.headers.get('cookie')).toBeNull()
    expect(other.headers.get('x-trace')).toBe('1')
  })

  it('turns a POST into a GET without body on 301, 302 and 303', () => {
    for (const status of [301, 302, 303]) {
      const next = nextHop(hop('https://a.example/x'), status, '/y')
      expect(next.method).toBe('GET')
      expect(next.body).toBeUndefined()
      expect(next.headers.get('content-type')).toBeNull()
    }
  })
})
