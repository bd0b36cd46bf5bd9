import { describe, expect, it } from 'vitest'
import { FlowSealer } from './flow-cookie.js'

describe('FlowSealer', () => {
  const flow = { state: 's'.repeat(43), nonce: 'n'.repeat(43), codeVerifier: 'v'.repeat(43), expiresAt: 1000 }

  it('opens what it sealed until it expires', () => {
    const sealer = new FlowSealer('operator-key-1')
    const sealed = sealer.seal(flow)
    expect(sealed).not.toContain(flow.state)
    expect(sealer.open(sealed, 999)).toEqual(flow)
    expect(sealer.open(sealed, 1000)).toBeUndefined()
  })

  it('refuses a changed cookie, another key, and garbage', () => {
    const sealer = new FlowSealer('operator-key-1')
    const sealed = Buffer.from(sealer.seal(flow), 'base64url')
    sealed[sealed.length - 1]! ^= 1
    expect(sealer.open(sealed.toString('base64url'), 0)).toBeUndefined()
    expect(new FlowSealer('operator-key-2').open(sealer.seal(flow), 0)).toBeUndefined()
    expect(sealer.open('not a cookie', 0)).toBeUndefined()
    expect(sealer.open(undefined, 0)).toBeUndefined()
  })
})
