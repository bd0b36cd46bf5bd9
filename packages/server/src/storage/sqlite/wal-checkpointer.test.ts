import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { SqliteStorage } from './sqlite-storage.js'

const directory = mkdtempSync(join(tmpdir(), 'warbler-checkpoint-'))
afterAll(() => rmSync(directory, { recursive: true, force: true }))

describe('WAL checkpoints on a worker thread', () => {
  it('leaves commits on the main connection alone and copies the WAL back from the worker', async () => {
    const filename = join(directory, 'checkpoint.db')
    const storage = await SqliteStorage.open({ filename })
    await storage.migrate()
    const sizeAfterMigrate = statSync(filename).size
    storage.db.exec('CREATE TABLE filler (data BLOB)')
    const insert = storage.db.prepare('INSERT INTO filler (data) VALUES (?)')
    const fill = storage.db.transaction(() => {
      for (let i = 0; i < 2_500; i++) insert.run(Buffer.alloc(4096, i % 251))
    })
    fill()
    // About 10 MB committed: with autocheckpoint off, the commit itself left it all in the WAL.
    expect(statSync(`${filename}-wal`).size).toBeGreaterThan(8 * 1024 * 1024)
    expect(statSync(filename).size).toBeLessThan(sizeAfterMigrate + 1024 * 1024)
    // The worker notices the WAL past 4 MB and copies it into the database file.
    const deadline = Date.now() + 10_000
    while (statSync(filename).size < 8 * 1024 * 1024 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50))
    expect(statSync(filename).size).toBeGreaterThan(8 * 1024 * 1024)
    await storage.close()
  })

  it.each(['inline', 'thread'] as const)('keeps the WAL bounded under commits that never stop (%s writer)', { timeout: 30_000 }, async (writer) => {
    const filename = join(directory, `steady-${writer}.db`)
    // Small sizes so that a few seconds of appends cross them many times.
    const storage = await SqliteStorage.open({ filename, writer, walCheckpoints: { intervalMs: 10, thresholdBytes: 128 * 1024, restartBytes: 512 * 1024 } })
    await storage.migrate()
    const now = Date.now()
    await storage.apps.create({ id: 'app', name: 'app', secretHash: 'hash', signingKey: 'key', createdAt: now, settings: {} })
    for (const id of ['alice', 'bob']) await storage.users.create({ appId: 'app', id, name: id, kind: 'person', avatarUrl: null, ext: {}, createdAt: now })
    await storage.conversations.getOrCreateDirect('app', 'c1', 'alice', 'bob', now)
    const text = 'x'.repeat(2000)
    let largest = 0
    let appended = 0
    const until = Date.now() + 3000
    // Always a batch waiting behind the one being committed: the WAL never sits idle.
    const inFlight = new Set<Promise<unknown>>()
    while (Date.now() < until) {
      while (inFlight.size < 200) {
        const append = storage.events.append({ appId: 'app', conversationId: 'c1', senderId: 'alice', kind: 'message', body: { type: 'text', text }, ts: now })
        inFlight.add(append)
        void append.finally(() => inFlight.delete(append))
        appended++
      }
      await Promise.race(inFlight)
      largest = Math.max(largest, statSync(`${filename}-wal`).size)
    }
    await Promise.all(inFlight)
    const written = appended * text.length
    // Tens of MB went through the WAL; it restarted instead of growing with them.
    expect(written).toBeGreaterThan(8 * 1024 * 1024)
    expect(largest).toBeLessThan(written / 4)
    expect(largest).toBeLessThan(8 * 1024 * 1024)
    const { events } = await storage.events.range('app', 'c1', { afterSeq: appended - 1, limit: 10 })
    expect(events.map((event) => event.seq)).toEqual([appended])
    await storage.close()
  })
})

