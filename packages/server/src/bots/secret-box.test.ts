import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { loadSecretKey, SecretBox } from './secret-box.js'

describe('SecretBox', () => {
  const dirs: string[] = []
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'warbler-secret-'))
    dirs.push(dir)
    return dir
  }
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
  })

  it('round-trips a key, never shows it in the ciphertext and refuses tampering or another key', () => {
    const dir = tempDir()
    const box = new SecretBox(loadSecretKey(dir, {}))
    const sealed = box.encrypt('sk-live-123')
    expect(sealed).not.toContain('sk-live-123')
    expect(box.encrypt('sk-live-123')).not.toBe(sealed)
    expect(box.decrypt(sealed)).toBe('sk-live-123')
    const parts = sealed.split(':')
    parts[3] = Buffer.from('x').toString('base64url')
    expect(() => box.decrypt(parts.join(':'))).toThrow()
    expect(() => new SecretBox(loadSecretKey(tempDir(), {})).decrypt(sealed)).toThrow()
  })

  it('keeps the generated key in <dataDir>/secret-key with mode 0600, or takes WARBLER_SECRET_KEY', () => {
    const dir = tempDir()
    const first = loadSecretKey(dir, {})
    expect(statSync(join(dir, 'secret-key')).mode & 0o777).toBe(0o600)
    expect(loadSecretKey(dir, {}).equals(first)).toBe(true)
    const hex = 'ab'.repeat(32)
    expect(loadSecretKey(dir, { WARBLER_SECRET_KEY: hex }).toString('hex')).toBe(hex)
    expect(loadSecretKey(dir, { WARBLER_SECRET_KEY: 'a passphrase' })).toHaveLength(32)
  })
})
