import { describe, expect, it } from 'vitest'
import { allowlistAddress } from './client-address.js'

describe('allowlistAddress', () => {
  it('ignores X-Forwarded-For without trustProxy', () => {
    expect(allowlistAddress({ 'x-forwarded-for': '10.0.0.1' }, '203.0.113.9', false)).toBe('203.0.113.9')
  })

  it('takes the entry the proxy wrote (the last one) with trustProxy, not what the client claimed first', () => {
    expect(allowlistAddress({ 'x-forwarded-for': '10.0.0.1, 198.51.100.4' }, '127.0.0.1', true)).toBe('198.51.100.4')
    expect(allowlistAddress({ 'x-forwarded-for': ['10.0.0.1', '2001:db8::7'] }, '127.0.0.1', true)).toBe('2001:db8::7')
  })

  it('drops a port some proxies add, and falls back to the socket without the header', () => {
    expect(allowlistAddress({ 'x-forwarded-for': '198.51.100.4:5123' }, '127.0.0.1', true)).toBe('198.51.100.4')
    expect(allowlistAddress({ 'x-forwarded-for': '[2001:db8::7]:443' }, '127.0.0.1', true)).toBe('2001:db8::7')
    expect(allowlistAddress({}, '::1', true)).toBe('::1')
  })
})
