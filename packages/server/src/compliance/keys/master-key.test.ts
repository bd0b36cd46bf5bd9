import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { randomBytes } from 'node:crypto'
import { MASTER_KEY_FILE, resolveMasterKeys } from './master-key.js'

const dataDir = () => mkdtempSync(join(tmpdir(), 'warbler-master-key-'))

describe('resolveMasterKeys', () => {
  it('generates the key file once, mode 0600, with a warning, and reads the same key afterwards', () => {
    const dir = dataDir()
    const warnings: string[] = []
    const first = resolveMasterKeys(dir, {}, { warn: (text) => warnings.push(text) })
    expect(first.source).toBe('generated')
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(/production/)
    expect(warnings[0]).not.toContain(first.current.key.toString('base64'))
    expect(statSync(join(dir, MASTER_KEY_FILE)).mode & 0o777).toBe(0o600)
    const again = resolveMasterKeys(dir, {}, { warn: (text) => warnings.push(text) })
    expect(again.source).toBe('key-file')
    expect(again.current.id).toBe(first.current.id)
    expect(again.current.key.equals(first.current.key)).toBe(true)
    expect(warnings).toHaveLength(1)
  })

  it('takes WARBLER_MASTER_KEY (32 bytes base64) over the file and refuses anything else', () => {
    const dir = dataDir()
    const key = randomBytes(32)
    const resolved = resolveMasterKeys(dir, { WARBLER_MASTER_KEY: key.toString('base64') })
    expect(resolved.source).toBe('environment')
    expect(resolved.current.key.equals(key)).toBe(true)
    expect(() => resolveMasterKeys(dir, { WARBLER_MASTER_KEY: randomBytes(16).toString('base64') })).toThrow(/32 bytes/)
    expect(() => resolveMasterKeys(dir, {}, { create: false })).toThrow(/No master key/)
  })

  it('reads WARBLER_MASTER_KEY_FILE, never creates it, and adds the previous and the half-rotated keys as unwrap-only', () => {
    const dir = dataDir()
    const file = join(dir, 'elsewhere.key')
    expect(() => resolveMasterKeys(dir, { WARBLER_MASTER_KEY_FILE: file })).toThrow(/No master key/)
    const key = randomBytes(32)
    writeFileSync(file, `${key.toString('base64')}\n`)
    const next = randomBytes(32)
    writeFileSync(`${file}.next`, next.toString('base64'))
    const previous = randomBytes(32)
    const resolved = resolveMasterKeys(dir, { WARBLER_MASTER_KEY_FILE: file, WARBLER_PREVIOUS_MASTER_KEY: previous.toString('base64') })
    expect(resolved.current.key.equals(key)).toBe(true)
    expect(resolved.file).toBe(file)
    expect(resolved.others.map((other) => other.key.toString('hex'))).toEqual([previous.toString('hex'), next.toString('hex')])
    expect(readFileSync(file, 'utf8').trim()).toBe(key.toString('base64'))
  })
})
