import { describe, expect, it } from 'vitest'
import { OutboundGuard } from './outbound-guard.js'

describe('OutboundGuard', () => {
  it('refuses internal addresses and allows public ones', () => {
    const guard = new OutboundGuard()
    for (const address of ['127.0.0.1', '10.0.0.1', '172.16.5.4', '192.168.0.1', '169.254.169.254', '100.64.1.1', '0.0.0.0', '224.0.0.1', '255.255.255.255',
      '::1', '::', 'fd12::1', 'fe80::1', 'ff02::1', '::ffff:127.0.0.1', '::ffff:8.8.8.8', '64:ff9b::a00:1']) {
      expect(guard.allowsAddress(address), address).toBe(false)
    }
    for (const address of ['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111']) expect(guard.allowsAddress(address), address).toBe(true)
  })

  it('lets the operator allow addresses, ranges and host names', async () => {
    const guard = new OutboundGuard(['127.0.0.1', '10.20.0.0/16', 'hooks.internal'], async (host) => (host === 'hooks.internal' ? [{ address: '10.99.0.1', family: 4 }] : [{ address: '10.0.0.9', family: 4 }]))
    expect(guard.allowsAddress('127.0.0.1')).toBe(true)
    expect(guard.allowsAddress('::ffff:127.0.0.1')).toBe(true)
    expect(guard.allowsAddress('10.20.3.4')).toBe(true)
    expect(guard.allowsAddress('10.21.0.1')).toBe(false)
    expect(await guard.check('http://hooks.internal/x')).toMatchObject({ address: '10.99.0.1', family: 4 })
    await expect(guard.check('http://sneaky.example/x')).rejects.toMatchObject({ code: 'forbidden' })
  })

  it('checks the resolved address, not the name, and refuses odd URLs', async () => {
    const guard = new OutboundGuard([], async () => [{ address: '192.168.1.10', family: 4 }])
    await expect(guard.check('https://rebind.example/hook')).rejects.toMatchObject({ code: 'forbidden' })
    await expect(guard.check('ftp://example.com/')).rejects.toMatchObject({ code: 'validation_failed' })
    await expect(guard.check('http://user:pass@example.com/')).rejects.toMatchObject({ code: 'validation_failed' })
    await expect(guard.check('not a url')).rejects.toMatchObject({ code: 'validation_failed' })
    const mixed = new OutboundGuard([], async () => [{ address: '10.0.0.1', family: 4 }, { address: '93.184.216.34', family: 4 }])
    expect((await mixed.check('https://mixed.example/')).address).toBe('93.184.216.34')
  })
})
