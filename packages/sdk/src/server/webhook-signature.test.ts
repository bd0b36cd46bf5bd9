import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { verifyWebhookSignature } from './webhook-signature.js'

const secret = 'whsec_test'
const body = '{"id":"evt_1","type":"message.created","data":{"text":"你好"}}'
const now = 1_800_000_000
const sign = (text: string, at = now, key = secret) => `t=${at},v1=${createHmac('sha256', key).update(`${at}.${text}`).digest('hex')}`

describe('verifyWebhookSignature (Web Crypto)', () => {
  it('accepts the documented format over a string or the raw bytes', async () => {
    expect(await verifyWebhookSignature(sign(body), body, secret, 300, now)).toBe(true)
    expect(await verifyWebhookSignature(sign(body), Buffer.from(body), secret, 300, now + 299)).toBe(true)
    expect(await verifyWebhookSignature([sign(body)], new TextEncoder().encode(body), secret, 300, now)).toBe(true)
  })

  it('refuses a changed body, another secret, a stale or future timestamp and malformed headers', async () => {
    expect(await verifyWebhookSignature(sign(body), body.replace('你好', 'hi'), secret, 300, now)).toBe(false)
    expect(await verifyWebhookSignature(sign(body, now, 'whsec_other'), body, secret, 300, now)).toBe(false)
    expect(await verifyWebhookSignature(sign(body), body, secret, 300, now + 301)).toBe(false)
    expect(await verifyWebhookSignature(sign(body), body, secret, 300, now - 301)).toBe(false)
    expect(await verifyWebhookSignature(sign(body).replace(`t=${now}`, `t=${now + 1}`), body, secret, 300, now)).toBe(false)
    expect(await verifyWebhookSignature(sign(body), body, '', 300, now)).toBe(false)
    for (const bad of [undefined, null, '', 'v1=abc', `t=${now}`, `t=abc,v1=${'0'.repeat(64)}`]) expect(await verifyWebhookSignature(bad, body, secret, 300, now)).toBe(false)
  })

  it('accepts any matching v1 entry, so a receiver can check during a secret rotation', async () => {
    expect(await verifyWebhookSignature(`${sign(body)},v1=${'0'.repeat(64)}`, body, secret, 300, now)).toBe(true)
    expect(await verifyWebhookSignature(`t=${now},v1=${'0'.repeat(64)},${sign(body).split(',')[1]}`, body, secret, 300, now)).toBe(true)
  })
})
