import { createHash } from 'node:crypto'
import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FileStorage } from '../file-storage.js'

async function text(stream: Readable | undefined): Promise<string | undefined> {
  if (!stream) return undefined
  const parts: Buffer[] = []
  for await (const part of stream) parts.push(part as Buffer)
  return Buffer.concat(parts).toString('utf8')
}

/**
 * Conformance suite of {@link FileStorage}: local disk and S3 must behave the same.
 *
 * @example
 * ```ts
 * describeFileStorage('local', async () => ({ storage: new LocalFileStorage(dir), close: async () => {} }))
 * ```
 */
export function describeFileStorage(name: string, open: () => Promise<{ storage: FileStorage; close: () => Promise<void> }>) {
  describe(`FileStorage conformance: ${name}`, () => {
    let storage: FileStorage
    let close: () => Promise<void>
    beforeAll(async () => {
      ;({ storage, close } = await open())
    })
    afterAll(async () => close())

    it('stores a stream and reads it back whole or by range', async () => {
      const content = 'hello 世界 '.repeat(1000)
      const bytes = Buffer.from(content)
      await storage.put('app_a/f_1', Readable.from([bytes.subarray(0, 100), bytes.subarray(100)]), {
        size: bytes.length, contentType: 'text/plain', sha256: createHash('sha256').update(bytes).digest('hex'),
      })
      expect(await text(await storage.get('app_a/f_1'))).toBe(content)
      expect(await storage.stat('app_a/f_1')).toEqual({ size: bytes.length })
      expect(await text(await storage.get('app_a/f_1', { start: 0, end: 4 }))).toBe('hello')
      expect(await text(await storage.get('app_a/f_1', { start: 6, end: 11 }))).toBe('世界')
    })

    it('replaces, deletes, and reports missing keys as undefined', async () => {
      await storage.put('app_a/f_2', Buffer.from('one'), { size: 3, contentType: 'text/plain' })
      await storage.put('app_a/f_2', Buffer.from('two!'), { size: 4, contentType: 'text/plain' })
      expect(await text(await storage.get('app_a/f_2'))).toBe('two!')
      await storage.delete('app_a/f_2')
      await storage.delete('app_a/f_2')
      expect(await storage.get('app_a/f_2')).toBeUndefined()
      expect(await storage.stat('app_a/never')).toBeUndefined()
    })

    it('refuses keys that could escape the storage root', async () => {
      for (const key of ['../etc/passwd', '/abs', 'a/../../b', 'a//b', 'a\\b', '']) {
        await expect(storage.put(key, Buffer.from('x'), { size: 1, contentType: 'text/plain' }), key).rejects.toThrow()
      }
    })
  })
}
