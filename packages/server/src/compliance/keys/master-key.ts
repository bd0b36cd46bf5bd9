import { createHmac, randomBytes } from 'node:crypto'
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** A master key and its fingerprint (what `app_keys.master_key_id` names; it reveals nothing of the key). */
export interface MasterKey {
  readonly key: Buffer
  readonly id: string
}

/** Where the master key in force came from. */
export type MasterKeySource = 'environment' | 'key-file' | 'generated'

/** The master keys of a node: the one that wraps new keys, and older ones that still unwrap. */
export interface ResolvedMasterKeys {
  current: MasterKey
  source: MasterKeySource
  /** The key file in use (`source` `key-file` or `generated`). */
  file?: string
  /** Keys that only unwrap: `WARBLER_PREVIOUS_MASTER_KEY`, and a rotation's `<file>.next` left half way. */
  others: MasterKey[]
}

/** The master key file in the data dir, the single-node default. */
export const MASTER_KEY_FILE = 'master-key'

/** Builds a {@link MasterKey} from 32 raw bytes. */
export function masterKey(key: Buffer): MasterKey {
  if (key.length !== 32) throw new Error('A master key is 32 bytes')
  return { key, id: createHmac('sha256', key).update('warbler master key id').digest('hex').slice(0, 16) }
}

/** Decodes a master key written as base64 (32 bytes), naming where it came from when it is not one. */
export function decodeMasterKey(text: string, from: string): MasterKey {
  const key = Buffer.from(text.trim(), 'base64')
  if (key.length !== 32) throw new Error(`${from}: a master key is 32 bytes, base64 (e.g. \`openssl rand -base64 32\`); this is ${key.length} bytes`)
  return masterKey(key)
}

/** Writes a new random master key to `file` (mode 0600); fails if the file exists. */
export function writeNewMasterKeyFile(file: string): MasterKey {
  const key = randomBytes(32)
  writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' })
  chmodSync(file, 0o600)
  return masterKey(key)
}

/**
 * The master key that wraps every app's data key: `WARBLER_MASTER_KEY` (32 bytes, base64) when
 * set; else the file `WARBLER_MASTER_KEY_FILE` names; else `<dataDir>/master-key`, generated with
 * mode 0600 on first start (the single-node default: `warn` is told that production should keep
 * the key away from the data). With `create: false` (the CLI) a missing key is an error.
 *
 * @example
 * ```ts
 * const { current } = resolveMasterKeys(config.dataDir, process.env, { warn: (text) => logger.warn(text) })
 * ```
 */
export function resolveMasterKeys(dataDir: string, env: NodeJS.ProcessEnv, options: { create?: boolean; warn?: (message: string) => void } = {}): ResolvedMasterKeys {
  const others: MasterKey[] = []
  const previous = env.WARBLER_PREVIOUS_MASTER_KEY?.trim()
  if (previous) others.push(decodeMasterKey(previous, 'WARBLER_PREVIOUS_MASTER_KEY'))
  const configured = env.WARBLER_MASTER_KEY?.trim()
  if (configured) return { current: decodeMasterKey(configured, 'WARBLER_MASTER_KEY'), source: 'environment', others }
  const file = env.WARBLER_MASTER_KEY_FILE?.trim() || join(dataDir, MASTER_KEY_FILE)
  const next = `${file}.next`
  if (existsSync(next)) others.push(decodeMasterKey(readFileSync(next, 'utf8'), next))
  if (existsSync(file)) return { current: decodeMasterKey(readFileSync(file, 'utf8'), file), source: 'key-file', file, others }
  if (options.create === false || env.WARBLER_MASTER_KEY_FILE?.trim()) throw new Error(`No master key: set WARBLER_MASTER_KEY, or WARBLER_MASTER_KEY_FILE to an existing file (no ${file})`)
  let current: MasterKey
  try {
    current = writeNewMasterKeyFile(file)
  } catch (error) {
    // Another process sharing the data dir wrote it first: use theirs.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    return { current: decodeMasterKey(readFileSync(file, 'utf8'), file), source: 'key-file', file, others }
  }
  options.warn?.(
    `Generated the master key ${file} (mode 0600): it unlocks every app's data. Keep it apart from the data in production (WARBLER_MASTER_KEY or WARBLER_MASTER_KEY_FILE), and back it up: without it nothing encrypted can be read.`,
  )
  return { current, source: 'generated', file, others }
}
