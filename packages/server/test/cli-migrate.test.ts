import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { CLI_PATH } from './helpers/spawn-server.js'

const run = promisify(execFile)

describe('warbler migrate', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'warbler-migrate-'))
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

  // The storage's background threads must not let the process end in the middle of closing it
  // (it once exited with code 0 before saying anything, and a WARBLER_WORKERS primary with it).
  it('applies the migrations, closes the storage and says so, every time', async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const { stdout } = await run(process.execPath, [CLI_PATH, 'migrate'], { env: { ...process.env, WARBLER_DATA_DIR: dataDir } })
      expect(stdout).toContain('Migrations applied (sqlite).')
    }
  }, 60_000)
})
