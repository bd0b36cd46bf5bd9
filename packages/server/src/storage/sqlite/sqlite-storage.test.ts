import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { describeStorage } from '../testing/storage-conformance.js'
import { SqliteStorage } from './sqlite-storage.js'

const directory = mkdtempSync(join(tmpdir(), 'warbler-sqlite-'))
let counter = 0
afterAll(() => rmSync(directory, { recursive: true, force: true }))

describeStorage('sqlite (file, WAL, writer thread)', () => SqliteStorage.open({ filename: join(directory, `test-${counter++}.db`), writer: 'thread' }))
describeStorage('sqlite (file, WAL, inline writer)', () => SqliteStorage.open({ filename: join(directory, `test-${counter++}.db`), writer: 'inline' }))
describeStorage('sqlite (:memory:)', () => SqliteStorage.open({ filename: ':memory:' }))

describe('SQLite query plans', () => {
  it('finds a user’s memberships through the user index, not by scanning the app', async () => {
    const storage = await SqliteStorage.open({ filename: ':memory:' })
    await storage.migrate()
    expect(await storage.conversations.cursorsForUser('app', 'user')).toEqual([])
    expect(await storage.conversations.listForUser('app', 'user', { limit: 10 })).toEqual([])
    // The statements name the index (INDEXED BY): without it they refuse to run instead of
    // silently falling back to a scan of every membership of the app.
    storage.db.exec('DROP INDEX members_by_user')
    await expect(storage.conversations.cursorsForUser('app', 'user')).rejects.toThrow(/members_by_user/)
    await expect(storage.conversations.listForUser('app', 'user', { limit: 10 })).rejects.toThrow(/members_by_user/)
    await storage.close()
  })
})
