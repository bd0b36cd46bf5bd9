import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FileRecord } from '../file-store.js'
import type { Storage } from '../storage.js'

/**
 * Conformance suite of {@link Storage.files}: every storage backend must pass it.
 *
 * @example
 * ```ts
 * describeFileStore('sqlite', () => SqliteStorage.open({ filename: ':memory:' }))
 * ```
 */
export function describeFileStore(name: string, open: () => Promise<Storage>, options: { skip?: string } = {}) {
  const suite = options.skip ? describe.skip : describe
  suite(`FileStore conformance: ${name}`, () => {
    let storage: Storage
    const now = 1_700_000_000_000

    beforeEach(async () => {
      storage = await open()
      await storage.migrate()
      for (const id of ['app_a', 'app_b']) await storage.apps.create({ id, name: id, secretHash: `hash_${id}`, signingKey: `key_${id}`, createdAt: now } as never)
    })
    afterEach(async () => {
      await storage.close()
    })

    it('stores file metadata per app and deletes it', async () => {
      const record: FileRecord = {
        appId: 'app_a', id: 'f_1', conversationId: 'c_1', uploaderId: 'alice', name: '报告 final.pdf', mime: 'application/pdf',
        size: 5_000_000_000, sha256: 'ab'.repeat(32), width: null, height: null, storageKey: 'app_a/f_1', thumbnailKey: null, createdAt: now,
      }
      await storage.files.create(record)
      await storage.files.create({ ...record, id: 'f_2', uploaderId: null, mime: 'image/png', width: 640, height: 480, thumbnailKey: 'app_a/f_2.thumb' })
      expect(await storage.files.get('app_a', 'f_1')).toEqual(record)
      expect(await storage.files.get('app_a', 'f_2')).toMatchObject({ uploaderId: null, width: 640, height: 480, thumbnailKey: 'app_a/f_2.thumb' })
      expect(await storage.files.get('app_b', 'f_1')).toBeUndefined()
      expect(await storage.files.delete('app_b', 'f_1')).toBe(false)
      expect(await storage.files.delete('app_a', 'f_1')).toBe(true)
      expect(await storage.files.get('app_a', 'f_1')).toBeUndefined()
    })
  })
}
