import { describe, expect, it } from 'vitest'
import { SqliteStorage } from '../sqlite/sqlite-storage.js'
import { sqliteKysely } from './sqlite-kysely.js'
import { sqliteStoreDatabase } from './store-database.js'
import { SqliteEventStore } from '../sqlite/sqlite-event-store.js'
import { InlineCommitter } from '../sqlite/event-committers.js'

describe('sqliteStoreDatabase transactions', () => {
  it('commits a transaction that only awaits its own queries, and rolls back one that awaits other I/O', async () => {
    const storage = await SqliteStorage.open({ filename: ':memory:' })
    await storage.migrate()
    const store = sqliteStoreDatabase(sqliteKysely(storage.db))
    await store.transaction(async (trx) => {
      await trx.insertInto('settings').values({ key: 'a', value: '1' }).execute()
      await trx.insertInto('settings').values({ key: 'b', value: '2' }).execute()
    })
    expect(await storage.settings.get('b')).toBe('2')
    await expect(
      store.transaction(async (trx) => {
        await trx.insertInto('settings').values({ key: 'c', value: '3' }).execute()
        await new Promise((resolve) => setTimeout(resolve, 5))
      }),
    ).rejects.toThrow(/awaited something other than its own queries/)
    expect(await storage.settings.get('c')).toBeUndefined()
    await storage.close()
  })

  it('keeps an event batch out of a store transaction that is rolled back', async () => {
    const storage = await SqliteStorage.open({ filename: ':memory:' })
    await storage.migrate()
    await storage.apps.create({ id: 'app', name: 'App', secretHash: 'h', signingKey: 'k', createdAt: 1, settings: {} })
    await storage.users.create({ appId: 'app', id: 'u1', name: 'U1', kind: 'person', avatarUrl: null, ext: {}, createdAt: 1 })
    await storage.users.create({ appId: 'app', id: 'u2', name: 'U2', kind: 'person', avatarUrl: null, ext: {}, createdAt: 1 })
    const direct = await storage.conversations.getOrCreateDirect('app', 'c1', 'u1', 'u2', 1)
    const store = sqliteStoreDatabase(sqliteKysely(storage.db))
    let append: Promise<unknown> | undefined
    const failed = store.transaction(async (trx) => {
      await trx.insertInto('settings').values({ key: 'x', value: '1' }).execute()
      // The append's commit is scheduled while the transaction is open and runs during its wait.
      append = storage.events.append({ appId: 'app', conversationId: direct.id, senderId: 'u1', kind: 'message', body: { type: 'text', text: 'hi' }, ts: 2 })
      await new Promise((resolve) => setTimeout(resolve, 5))
    })
    await expect(failed).rejects.toThrow()
    await append
    expect((await storage.events.range('app', direct.id, { limit: 10 })).events).toHaveLength(1)
    expect(await storage.settings.get('x')).toBeUndefined()
    await storage.close()
  })
  it('keeps a hide out of a store transaction that is rolled back', async () => {
    const storage = await SqliteStorage.open({ filename: ':memory:' })
    await storage.migrate()
    await storage.apps.create({ id: 'app', name: 'App', secretHash: 'h', signingKey: 'k', createdAt: 1, settings: {} })
    for (const id of ['u1', 'u2']) await storage.users.create({ appId: 'app', id, name: id, kind: 'person', avatarUrl: null, ext: {}, createdAt: 1 })
    const direct = await storage.conversations.getOrCreateDirect('app', 'c1', 'u1', 'u2', 1)
    const { event } = await storage.events.append({ appId: 'app', conversationId: direct.id, senderId: 'u1', kind: 'message', body: { type: 'text', text: 'hi' }, ts: 2 })
    // The event store and the transaction on one Kysely, as SqliteStorage wires them.
    const kysely = sqliteKysely(storage.db)
    const store = sqliteStoreDatabase(kysely)
    const events = new SqliteEventStore(storage.db, new InlineCommitter(storage.db), kysely)
    let hidden: Promise<void> | undefined
    const failed = store.transaction(async (trx) => {
      await trx.insertInto('settings').values({ key: 'x', value: '1' }).execute()
      // Another request hides a message while this transaction is open on the shared connection.
      hidden = events.hide('app', 'u2', direct.id, event.seq)
      await new Promise((resolve) => setTimeout(resolve, 5))
    })
    await expect(failed).rejects.toThrow()
    await hidden
    expect(await storage.events.hiddenAmong('app', 'u2', direct.id, [event.seq])).toEqual(new Set([event.seq]))
    expect(await storage.settings.get('x')).toBeUndefined()
    await storage.close()
  })
})
