import { loadSecretKey, SecretBox } from '../../bots/secret-box.js'
import type { Storage } from '../../storage/storage.js'
import { AppKeyring, sharedBoxes, type AppBoxes } from './app-keyring.js'
import { resolveMasterKeys } from './master-key.js'

/**
 * The node's per-app secret boxes: the {@link AppKeyring} over the storage's app key store and the
 * master key (resolved, or generated with a warning, see `resolveMasterKeys`), still opening what
 * the server's one key sealed before. Storages without an app key store (test doubles) get that
 * one key for every app.
 *
 * @example
 * ```ts
 * const boxes = openAppBoxes({ storage, dataDir: config.dataDir, warn: (text) => logger.warn(text) })
 * const sealed = (await boxes.box(appId)).encrypt(apiKey)
 * ```
 */
export function openAppBoxes(deps: { storage: Pick<Storage, 'appKeys'>; dataDir: string; env?: NodeJS.ProcessEnv; warn?: (message: string) => void }): AppBoxes & { keyring?: AppKeyring } {
  const env = deps.env ?? process.env
  const legacy = new SecretBox(loadSecretKey(deps.dataDir, env))
  if (!deps.storage.appKeys) return sharedBoxes(legacy)
  const masters = resolveMasterKeys(deps.dataDir, env, deps.warn ? { warn: deps.warn } : {})
  const keyring = new AppKeyring({ store: deps.storage.appKeys, master: masters.current, previous: masters.others, legacy })
  return { box: (appId) => keyring.box(appId), keyring }
}
