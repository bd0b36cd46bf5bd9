import { createHmac, hash, randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { AppSecretBox } from './app-secret-box.js'

/** The blind token as documented (SHA-256 of the index key, NUL, term; 64 bits as letters a–p), computed apart. */
function referenceToken(dataKey: Buffer, term: string): string {
  const indexKey = createHmac('sha256', dataKey).update('warbler blind index v1').digest('hex')
  const digest = hash('sha256', `${indexKey}\u0000${term}`, 'buffer')
  return [...digest.subarray(0, 8)].map((byte) => 'abcdefghijklmnop'[byte >> 4]! + 'abcdefghijklmnop'[byte & 15]!).join('')
}

describe('AppSecretBox', () => {
  it('gives every term its documented token, before and after the token cache turns over', () => {
    const key = randomBytes(32)
    const box = new AppSecretBox(key)
    const early = ['hello', '世界', 'x']
    for (const term of early) expect(box.blind(term)).toBe(referenceToken(key, term))
    // Three generations of new terms push the first ones out of the cache.
    for (let index = 0; index < 15_000; index++) box.blind(`term${index}`)
    for (const term of [...early, 'term0', 'term7777', 'term14999']) expect(box.blind(term)).toBe(referenceToken(key, term))
  })

  it('seals each text under a fresh nonce and opens it again, across refills of the nonce pool', () => {
    const box = new AppSecretBox(randomBytes(32))
    const nonces = new Set<string>()
    for (let index = 0; index < 3000; index++) {
      const text = index % 2 === 0 ? `message ${index}` : ''
      const sealed = box.encrypt(text)
      const [version, nonce, tag, data] = sealed.split(':')
      expect(version).toBe('a1')
      expect(Buffer.from(nonce!, 'base64url')).toHaveLength(12)
      expect(Buffer.from(tag!, 'base64url')).toHaveLength(16)
      expect(data).toBeDefined()
      nonces.add(nonce!)
      expect(box.decrypt(sealed)).toBe(text)
    }
    expect(nonces.size).toBe(3000)
  })

  it('refuses a text sealed under another key or changed in transit', () => {
    const sealed = new AppSecretBox(randomBytes(32)).encrypt('secret')
    expect(() => new AppSecretBox(randomBytes(32)).decrypt(sealed)).toThrow()
    const [version, nonce, tag, data] = sealed.split(':')
    const flipped = Buffer.from(data!, 'base64url')
    flipped[0] = flipped[0]! ^ 1
    expect(() => new AppSecretBox(randomBytes(32)).decrypt([version, nonce, tag, flipped.toString('base64url')].join(':'))).toThrow()
  })
})
