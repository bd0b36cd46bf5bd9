import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { CLI_PATH } from './helpers/spawn-server.js'

const run = promisify(execFile)
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url))

// docs/deploy.md: in a clone, after `npm run build`, `npx warbler …` and `npm run warbler -- …` work.
describe('the warbler CLI in a clone', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'warbler-clone-cli-'))
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }))
  const env = { ...process.env, WARBLER_DATA_DIR: dataDir }

  it('runs as `npx warbler migrate` from the repository root (the root package names the bin)', async () => {
    expect(CLI_PATH.startsWith(REPO_ROOT)).toBe(true)
    const { stdout } = await run('npx', ['--no-install', 'warbler', 'migrate'], { cwd: REPO_ROOT, env })
    expect(stdout).toContain('Migrations applied (sqlite).')
  }, 60_000)

  it('runs as `npm run warbler -- migrate`', async () => {
    const { stdout } = await run('npm', ['run', '-s', 'warbler', '--', 'migrate'], { cwd: REPO_ROOT, env })
    expect(stdout).toContain('Migrations applied (sqlite).')
  }, 60_000)
})
