import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { signatureHeader } from './signature.js'
import { verifyWebhookSignature } from './verify-signature.js'

describe('verifyWebhookSignature', () => {
  const secret = 'whsec_test'
  const body = '{"id":"evt_1","type":"message.created","data":{"text":"你好"}}'
  const now = 1_800_000_000

  it('accepts the documented format: t=<seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">', () => {
    const expected = createHmac('sha256', secret).update(`${now}.${body}`).digest('hex')
    const header = signatureHeader(secret, body, now)
    expect(header).toBe(`t=${now},v1=${expected}`)
    expect(verifyWebhookSignature(header, body, secret, 300, now)).toBe(true)
    expect(verifyWebhookSignature(header, Buffer.from(body), secret, 300, now + 299)).toBe(true)
  })

  it('refuses a changed body, another secret, a stale or future timestamp, and malformed headers', () => {
    const header = signatureHeader(secret, body, now)
    expect(verifyWebhookSignature(header, body.replace('你好', 'hi'), secret, 300, now)).toBe(false)
    expect(verifyWebhookSignature(header, body, 'whsec_other', 300, now)).toBe(false)
    expect(verifyWebhookSignature(header, body, secret, 300, now + 301)).toBe(false)
    expect(verifyWebhookSignature(header, body, secret, 300, now - 301)).toBe(false)
    expect(verifyWebhookSignature(header.replace(`t=${now}`, `t=${now + 1}`), body, secret, 300, now)).toBe(false)
    for (const bad of [undefined, '', 'v1=abc', `t=${now}`, `t=abc,v1=${'0'.repeat(64)}`]) expect(verifyWebhookSignature(bad, body, secret, 300, now)).toBe(false)
  })

  it('accepts any matching v1 entry, so a receiver can check several signatures', () => {
    const header = `${signatureHeader(secret, body, now)},v1=${'0'.repeat(64)}`
    expect(verifyWebhookSignature(header, body, secret, 300, now)).toBe(true)
  })
})
