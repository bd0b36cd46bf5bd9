import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { keysCommand } from '../../src/cli/keys-command.js'
import { openAppBoxes } from '../../src/compliance/keys/open-app-keyring.js'
import { loadConfig } from '../../src/config/config.js'
import { openStorage } from '../../src/storage/open-storage.js'
import { ENGINES } from './engine-fixture.js'

/** Runs `fn` with these variables in process.env (the CLI reads its configuration there). */
async function withEnv<T>(env: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const saved = { ...process.env }
  for (const name of ['WARBLER_MASTER_KEY', 'WARBLER_NEW_MASTER_KEY', 'WARBLER_MASTER_KEY_FILE', 'WARBLER_PREVIOUS_MASTER_KEY', 'WARBLER_DATABASE_URL']) delete process.env[name]
  Object.assign(process.env, env)
  try {
    return await fn()
  } finally {
    for (const name of Object.keys(process.env)) if (saved[name] === undefined) delete process.env[name]
    Object.assign(process.env, saved)
  }
}

/** Seals one secret per app the way a node does, and answers the sealed texts. */
async function sealSecrets(env: Record<string, string>, apps: string[]): Promise<string[]> {
  return withEnv(env, async () => {
    const config = loadConfig()
    const storage = await openStorage(config)
    try {
      await storage.migrate()
      const boxes = openAppBoxes({ storage, dataDir: config.dataDir })
      return await Promise.all(apps.map(async (appId) => (await boxes.box(appId)).encrypt(`secret of ${appId}`)))
    } finally {
      await storage.close()
    }
  })
}

/** Opens the sealed texts on a freshly started node with this environment. */
async function openSecrets(env: Record<string, string>, apps: string[], sealed: string[]): Promise<string[]> {
  return withEnv(env, async () => {
    const config = loadConfig()
    const storage = await openStorage(config)
    try {
      await storage.migrate()
      const boxes = openAppBoxes({ storage, dataDir: config.dataDir })
      return await Promise.all(apps.map(async (appId, index) => (await boxes.box(appId)).decrypt(sealed[index]!)))
    } finally {
      await storage.close()
    }
  })
}

const rotate = (env: Record<string, string>) =>
  withEnv(env, async () => {
    let output = ''
    const code = await keysCommand(['rotate'], (text) => (output += text))
    return { code, output }
  })

for (const engine of ENGINES) {
  describe.skipIf(engine.skip)(`warbler keys rotate (${engine.name})`, () => {
    afterAll(() => engine.cleanup())
    const apps = ['app_alpha', 'app_beta', 'app_gamma']

    it('with the key file: a new master key replaces the file (0600) and every app secret still opens', async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'warbler-keys-'))
      const env = { WARBLER_DATA_DIR: dataDir, ...engine.setup().env }
      const sealed = await sealSecrets(env, apps)
      const before = readFileSync(join(dataDir, 'master-key'), 'utf8')

      const { code, output } = await rotate(env)
      expect(code, output).toBe(0)
      expect(output).toMatch(/Re-wrapped 3 app data keys/)
      const after = readFileSync(join(dataDir, 'master-key'), 'utf8')
      expect(after).not.toBe(before)
      expect(statSync(join(dataDir, 'master-key')).mode & 0o777).toBe(0o600)
      expect(existsSync(join(dataDir, 'master-key.next'))).toBe(false)
      expect(await openSecrets(env, apps, sealed)).toEqual(apps.map((appId) => `secret of ${appId}`))
      // Rotating again moves every key once more, and the secrets still open.
      expect((await rotate(env)).output).toMatch(/Re-wrapped 3 app data keys/)
      expect(await openSecrets(env, apps, sealed)).toEqual(apps.map((appId) => `secret of ${appId}`))
    })

    it('with WARBLER_MASTER_KEY: needs WARBLER_NEW_MASTER_KEY, then nodes start with the new key; the old one no longer opens', async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'warbler-keys-'))
      const oldKey = randomBytes(32).toString('base64')
      const newKey = randomBytes(32).toString('base64')
      const base = { WARBLER_DATA_DIR: dataDir, ...engine.setup().env }
      const sealed = await sealSecrets({ ...base, WARBLER_MASTER_KEY: oldKey }, apps)
      expect(existsSync(join(dataDir, 'master-key'))).toBe(false)

      const refused = await rotate({ ...base, WARBLER_MASTER_KEY: oldKey })
      expect(refused.code).toBe(2)
      expect(refused.output).toMatch(/WARBLER_NEW_MASTER_KEY/)

      const done = await rotate({ ...base, WARBLER_MASTER_KEY: oldKey, WARBLER_NEW_MASTER_KEY: newKey })
      expect(done.code, done.output).toBe(0)
      expect(done.output).toMatch(/Re-wrapped 3 app data keys/)
      expect(await openSecrets({ ...base, WARBLER_MASTER_KEY: newKey }, apps, sealed)).toEqual(apps.map((appId) => `secret of ${appId}`))
      await expect(openSecrets({ ...base, WARBLER_MASTER_KEY: oldKey }, apps, sealed)).rejects.toThrow(/wrapped by master key/)
      expect(done.output).not.toContain(newKey)
    })
  })
}
