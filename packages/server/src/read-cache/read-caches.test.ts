import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { SqliteStorage } from '../storage/sqlite/sqlite-storage.js'
import type { Storage } from '../storage/storage.js'
import { GuardedCache } from './guarded-cache.js'
import { ReadCaches } from './read-caches.js'
import { reportStorageChanges, type StorageChange } from './storage-changes.js'

const APP = 'app_cache'

describe('ReadCaches over SQLite', () => {
  let raw: SqliteStorage
  let storage: Storage
  let caches: ReadCaches
  let changes: StorageChange[]

  beforeEach(async () => {
    raw = await SqliteStorage.open({ filename: ':memory:' })
    await raw.migrate()
    caches = new ReadCaches(raw)
    changes = []
    storage = reportStorageChanges(raw, (change) => {
      changes.push(change)
      caches.apply(change)
    })
    await raw.apps.create({ id: APP, name: 'cache', secretHash: 'h', signingKey: 'k', createdAt: 1, settings: {} })
    for (const id of ['alice', 'bob', 'carol']) await raw.users.create({ appId: APP, id, name: id, kind: 'person', avatarUrl: null, ext: {}, createdAt: 1 })
    await storage.conversations.createGroup({ appId: APP, id: 'g1', kind: 'group', name: 'G', ownerId: 'alice', ext: {}, createdAt: 1, settings: {} }, [
      { userId: 'alice', role: 'owner' },
      { userId: 'bob', role: 'member' },
    ])
  })
  afterEach(async () => raw.close())

  it('serves membership from memory until a reported write changes it', async () => {
    expect(await caches.member(APP, 'g1', 'bob')).toMatchObject({ role: 'member', mutedUntil: null })
    expect(await caches.memberIds(APP, 'g1')).toEqual(['alice', 'bob'])
    // A write that bypasses the reporting wrapper is not seen: the answers come from the cache.
    await raw.conversations.updateMember(APP, 'g1', 'bob', { mutedUntil: 5 })
    expect(await caches.member(APP, 'g1', 'bob')).toMatchObject({ mutedUntil: null })
    // Reported writes invalidate at once.
    await storage.conversations.updateMember(APP, 'g1', 'bob', { role: 'admin' })
    expect(await caches.member(APP, 'g1', 'bob')).toMatchObject({ role: 'admin', mutedUntil: 5 })
    await storage.conversations.addMembers(APP, 'g1', [{ userId: 'carol', role: 'member' }], 2, { hideHistory: false })
    expect(await caches.memberIds(APP, 'g1')).toEqual(['alice', 'bob', 'carol'])
    await storage.conversations.removeMembers(APP, 'g1', ['bob'])
    expect(await caches.member(APP, 'g1', 'bob')).toBeUndefined()
    expect(await caches.memberIds(APP, 'g1')).toEqual(['alice', 'carol'])
    expect(changes.every((change) => change.type === 'conversation' && change.conversationId === 'g1')).toBe(true)
  })

  it('keeps group rules current: mute all and dissolve', async () => {
    expect(await caches.conversation(APP, 'g1')).toMatchObject({ kind: 'group', muteAll: false, dissolvedAt: null, memberCount: 2 })
    await storage.conversations.updateConversation(APP, 'g1', { settings: { muteAll: true } })
    expect(await caches.conversation(APP, 'g1')).toMatchObject({ muteAll: true })
    await storage.conversations.updateConversation(APP, 'g1', { dissolvedAt: 9 })
    expect(await caches.conversation(APP, 'g1')).toMatchObject({ dissolvedAt: 9 })
  })

  it('does not cache absent conversations or members, and never crosses apps', async () => {
    expect(await caches.conversation('app_other', 'g1')).toBeUndefined()
    expect(await caches.member(APP, 'g1', 'carol')).toBeUndefined()
    await raw.conversations.addMembers(APP, 'g1', [{ userId: 'carol', role: 'member' }], 2, { hideHistory: false })
    expect(await caches.member(APP, 'g1', 'carol')).toMatchObject({ role: 'member' })
    expect(await caches.member('app_other', 'g1', 'carol')).toBeUndefined()
  })

  it('follows blocks, friendships and webhooks', async () => {
    expect(await caches.isBlocked(APP, 'alice', 'bob')).toBe(false)
    expect(await caches.areFriends(APP, 'alice', 'bob')).toBe(false)
    await storage.social.block(APP, 'alice', 'bob', 3)
    expect(await caches.isBlocked(APP, 'alice', 'bob')).toBe(true)
    expect(await caches.isBlocked(APP, 'bob', 'alice')).toBe(false)
    await storage.social.addFriendship(APP, 'bob', 'alice', 3)
    expect(await caches.areFriends(APP, 'alice', 'bob')).toBe(true)
    await storage.social.unblock(APP, 'alice', 'bob')
    expect(await caches.isBlocked(APP, 'alice', 'bob')).toBe(false)

    expect(await caches.webhooks(APP)).toEqual([])
    await storage.webhooks.create({ appId: APP, id: 'wh1', url: 'https://example.com/h', secret: 's', events: ['message.created'], enabled: true, createdAt: 1, updatedAt: 1 })
    expect((await caches.webhooks(APP)).map((webhook) => webhook.id)).toEqual(['wh1'])
    await storage.webhooks.delete(APP, 'wh1')
    expect(await caches.webhooks(APP)).toEqual([])
  })
})

describe('GuardedCache', () => {
  it('does not keep a value loaded across an invalidation', async () => {
    const cache = new GuardedCache<{ value: number }>({ max: 10, ttlMs: 60_000 })
    let release!: () => void
    const loading = cache.get('k', async () => {
      await new Promise<void>((resolve) => (release = resolve))
      return { value: 1 } // read before the write that is being announced
    })
    cache.invalidate('k')
    release()
    expect(await loading).toEqual({ value: 1 })
    expect(cache.peek('k')).toBeUndefined()
    expect(await cache.get('k', async () => ({ value: 2 }))).toEqual({ value: 2 })
    expect(cache.peek('k')).toEqual({ value: 2 })
  })

  it('bounds entries and their summed size', async () => {
    const cache = new GuardedCache<string[]>({ max: 100, ttlMs: 60_000, sizeOf: (ids) => ids.length, maxSize: 10 })
    await cache.get('a', async () => Array.from({ length: 6 }, String))
    await cache.get('b', async () => Array.from({ length: 6 }, String))
    expect(cache.peek('a')).toBeUndefined()
    expect(cache.peek('b')).toHaveLength(6)
  })
})
