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
})
