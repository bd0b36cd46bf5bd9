import { randomBytes } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { SecretBox } from '../../bots/secret-box.js'
import { SqliteStorage } from '../../storage/sqlite/sqlite-storage.js'
import { AppKeyring } from './app-keyring.js'
import { AppSecretBox } from './app-secret-box.js'
import { unwrapDataKey, wrapDataKey } from './key-wrap.js'
import { masterKey } from './master-key.js'
import { rotateMasterKey } from './rotate-master-key.js'

describe('envelope keys', () => {
  let storage: SqliteStorage
  const master = masterKey(randomBytes(32))
  const legacy = new SecretBox(randomBytes(32))

  beforeEach(async () => {
    storage = await SqliteStorage.open({ filename: ':memory:' })
    await storage.migrate()
  })
  afterEach(() => storage.close())

  it('wraps a data key for one app only: another app id or master key does not unwrap it', () => {
    const dataKey = randomBytes(32)
    const wrapped = wrapDataKey(master, 'app_a', dataKey)
    expect(wrapped).not.toContain(dataKey.toString('base64url'))
    expect(unwrapDataKey(master, 'app_a', wrapped).equals(dataKey)).toBe(true)
    expect(() => unwrapDataKey(master, 'app_b', wrapped)).toThrow()
    expect(() => unwrapDataKey(masterKey(randomBytes(32)), 'app_a', wrapped)).toThrow()
  })

  it('gives each app its own data key, stored only wrapped, the same on every node and after a restart', async () => {
    const keyring = new AppKeyring({ store: storage.appKeys, master, legacy })
    const [a, again, b] = await Promise.all([keyring.dataKey('app_a'), keyring.dataKey('app_a'), keyring.dataKey('app_b')])
    expect(a.equals(again)).toBe(true)
    expect(a.equals(b)).toBe(false)
    const stored = await storage.appKeys.get('app_a')
    expect(stored).toMatchObject({ masterKeyId: master.id, destroyedAt: null })
    expect(stored!.wrapped).not.toContain(a.toString('base64url'))
    const otherNode = new AppKeyring({ store: storage.appKeys, master, legacy })
    expect((await otherNode.dataKey('app_a')).equals(a)).toBe(true)
    const sealed = (await keyring.box('app_a')).encrypt('sk-live-123')
    expect(sealed.startsWith('a1:')).toBe(true)
    expect((await otherNode.box('app_a')).decrypt(sealed)).toBe('sk-live-123')
    expect(() => new AppSecretBox(b).decrypt(sealed)).toThrow()
  })

  it('opens secrets sealed with the old server key, and seals anew with the app key', async () => {
    const keyring = new AppKeyring({ store: storage.appKeys, master, legacy })
    const old = legacy.encrypt('whsec_old')
    const box = await keyring.box('app_a')
    expect(box.decrypt(old)).toBe('whsec_old')
    expect(box.encrypt('whsec_old').startsWith('a1:')).toBe(true)
  })

  it('refuses a node started with another master key, naming both fingerprints', async () => {
    await new AppKeyring({ store: storage.appKeys, master }).dataKey('app_a')
    const stranger = masterKey(randomBytes(32))
    await expect(new AppKeyring({ store: storage.appKeys, master: stranger }).dataKey('app_a')).rejects.toThrow(new RegExp(`${master.id}.*${stranger.id}`))
  })

  it('shreds: once an app is deleted its key is gone, its secrets do not open on any node, and no new key is made', async () => {
    const keyring = new AppKeyring({ store: storage.appKeys, master })
    const sealed = (await keyring.box('app_a')).encrypt('tool-secret')
    const otherNode = new AppKeyring({ store: storage.appKeys, master })
    expect(await keyring.shred('app_a')).toBe(true)
    expect((await storage.appKeys.get('app_a'))!.wrapped).toBeNull()
    await expect(keyring.box('app_a')).rejects.toMatchObject({ code: 'app_not_found' })
    await expect(otherNode.box('app_a')).rejects.toMatchObject({ code: 'app_not_found' })
    // The other app is untouched.
    const other = (await keyring.box('app_b')).encrypt('kept')
    expect((await otherNode.box('app_b')).decrypt(other)).toBe('kept')
    expect(() => new AppSecretBox(randomBytes(32)).decrypt(sealed)).toThrow()
  })

  it('rotates: every key re-wrapped under the new master, the data keys unchanged, resumable, destroyed keys left alone', async () => {
    const keyring = new AppKeyring({ store: storage.appKeys, master })
    const apps = ['app_1', 'app_2', 'app_3', 'app_4', 'app_5']
    const sealed = await Promise.all(apps.map(async (appId) => (await keyring.box(appId)).encrypt(`secret of ${appId}`)))
    await keyring.shred('app_3')
    const next = masterKey(randomBytes(32))
    // A run that stops after the first page (a failing store write) is finished by running it again.
    let writes = 0
    const flaky = { ...storage.appKeys, get: storage.appKeys.get.bind(storage.appKeys), listNotWrappedBy: storage.appKeys.listNotWrappedBy.bind(storage.appKeys), rewrap: async (...args: Parameters<typeof storage.appKeys.rewrap>) => (++writes > 2 ? Promise.reject(new Error('disk full')) : storage.appKeys.rewrap(...args)) }
    await expect(rotateMasterKey({ store: flaky, from: [master], to: next, batch: 2 })).rejects.toThrow('disk full')
    expect(await rotateMasterKey({ store: storage.appKeys, from: [master], to: next, batch: 2 })).toEqual({ rewrapped: 2, changedMeanwhile: 0 })
    for (const appId of apps.filter((appId) => appId !== 'app_3')) expect((await storage.appKeys.get(appId))!.masterKeyId).toBe(next.id)
    expect(await storage.appKeys.get('app_3')).toMatchObject({ wrapped: null, masterKeyId: null })

    const restarted = new AppKeyring({ store: storage.appKeys, master: next })
    for (const [index, appId] of apps.entries()) {
      if (appId === 'app_3') continue
      expect((await restarted.box(appId)).decrypt(sealed[index]!)).toBe(`secret of ${appId}`)
    }
    await expect(new AppKeyring({ store: storage.appKeys, master }).dataKey('app_1')).rejects.toThrow(/wrapped by master key/)
    // Mid-rotation a node with the old key as previous still reads everything.
    expect((await new AppKeyring({ store: storage.appKeys, master: masterKey(randomBytes(32)), previous: [next] }).box('app_2')).decrypt(sealed[1]!)).toBe('secret of app_2')
  })
})
