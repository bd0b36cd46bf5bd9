import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AppKeyStore } from '../app-key-store.js'
import type { Storage } from '../storage.js'

/**
 * Conformance suite of {@link Storage.appKeys}: every storage backend must pass it. The store only
 * moves wrapped keys (opaque strings here); wrapping is `compliance/keys`' business, tested there.
 *
 * @example
 * ```ts
 * describeAppKeyStore('sqlite', () => SqliteStorage.open({ filename: ':memory:' }))
 * ```
 */
export function describeAppKeyStore(name: string, open: () => Promise<Storage>, options: { skip?: string } = {}) {
  const suite = options.skip ? describe.skip : describe
  suite(`AppKeyStore conformance: ${name}`, () => {
    let storage: Storage
    let store: AppKeyStore
    const now = 1_700_000_000_000

    beforeEach(async () => {
      storage = await open()
      await storage.migrate()
      store = storage.appKeys!
    })
    afterEach(async () => {
      await storage.close()
    })

    it('keeps the first key created for an app, so two nodes agree on one', async () => {
      expect(await store.get('app_a')).toBeUndefined()
      const first = await store.createIfAbsent({ appId: 'app_a', wrapped: 'w-first', masterKeyId: 'm1', createdAt: now })
      const second = await store.createIfAbsent({ appId: 'app_a', wrapped: 'w-second', masterKeyId: 'm1', createdAt: now + 1 })
      expect(first).toEqual({ appId: 'app_a', wrapped: 'w-first', masterKeyId: 'm1', createdAt: now, rewrappedAt: null, destroyedAt: null })
      expect(second).toEqual(first)
      expect(await store.get('app_a')).toEqual(first)
      expect(await store.get('app_b')).toBeUndefined()
    })

    it('lists the live keys under another master key, in pages, and re-wraps them only if unchanged', async () => {
      for (const appId of ['app_c', 'app_a', 'app_b', 'app_d']) await store.createIfAbsent({ appId, wrapped: `w-${appId}`, masterKeyId: appId === 'app_d' ? 'm2' : 'm1', createdAt: now })
      await store.destroy('app_b', now + 5)
      const firstPage = await store.listNotWrappedBy('m2', { limit: 1 })
      expect(firstPage.map((record) => record.appId)).toEqual(['app_a'])
      const rest = await store.listNotWrappedBy('m2', { limit: 10, after: 'app_a' })
      expect(rest.map((record) => record.appId)).toEqual(['app_c'])

      expect(await store.rewrap('app_a', 'stale', { wrapped: 'w2-app_a', masterKeyId: 'm2', at: now + 10 })).toBe(false)
      expect(await store.rewrap('app_a', 'w-app_a', { wrapped: 'w2-app_a', masterKeyId: 'm2', at: now + 10 })).toBe(true)
      expect(await store.get('app_a')).toMatchObject({ wrapped: 'w2-app_a', masterKeyId: 'm2', rewrappedAt: now + 10, createdAt: now })
      expect((await store.listNotWrappedBy('m2', { limit: 10 })).map((record) => record.appId)).toEqual(['app_c'])
    })

    it('destroys a key for good: the wrapped key is gone, no new key can be created, a rewrap cannot bring it back', async () => {
      await store.createIfAbsent({ appId: 'app_a', wrapped: 'w-a', masterKeyId: 'm1', createdAt: now })
      expect(await store.destroy('app_a', now + 1)).toBe(true)
      expect(await store.destroy('app_a', now + 2)).toBe(false)
      expect(await store.get('app_a')).toEqual({ appId: 'app_a', wrapped: null, masterKeyId: null, createdAt: now, rewrappedAt: null, destroyedAt: now + 1 })
      expect(await store.createIfAbsent({ appId: 'app_a', wrapped: 'w-new', masterKeyId: 'm1', createdAt: now + 3 })).toMatchObject({ wrapped: null, destroyedAt: now + 1 })
      expect(await store.rewrap('app_a', 'w-a', { wrapped: 'w-back', masterKeyId: 'm2', at: now + 4 })).toBe(false)
      expect((await store.get('app_a'))!.wrapped).toBeNull()

      // An app that never had a key gets the marker too.
      expect(await store.destroy('app_never', now + 5)).toBe(false)
      expect(await store.get('app_never')).toMatchObject({ wrapped: null, destroyedAt: now + 5 })
      expect(await store.createIfAbsent({ appId: 'app_never', wrapped: 'w', masterKeyId: 'm1', createdAt: now + 6 })).toMatchObject({ wrapped: null })
    })
  })
}
