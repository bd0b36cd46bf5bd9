import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { WalSync } from './wal-sync.js'

describe('WalSync', () => {
  const directory = mkdtempSync(join(tmpdir(), 'warbler-wal-'))
  afterAll(() => rmSync(directory, { recursive: true, force: true }))

  it('shares one fsync among calls made while one is running, and never skips a later call', async () => {
    const path = join(directory, 'a.db-wal')
    writeFileSync(path, 'frames')
    const wal = new WalSync(path)
    await wal.sync() // opens the file
    const datasync = vi.spyOn((wal as unknown as { handle: { datasync: () => Promise<void> } }).handle, 'datasync')
    const first = wal.sync()
    const during = [wal.sync(), wal.sync(), wal.sync()]
    await Promise.all([first, ...during])
    // one for the first call, one shared by the three made while it ran
    expect(datasync).toHaveBeenCalledTimes(2)
    await wal.sync()
    expect(datasync).toHaveBeenCalledTimes(3)
    await wal.close()
  })

  it('rejects when the WAL file cannot be opened, so the ack is not sent', async () => {
    const wal = new WalSync(join(directory, 'missing', 'x.db-wal'))
    await expect(wal.sync()).rejects.toThrow()
  })
})
