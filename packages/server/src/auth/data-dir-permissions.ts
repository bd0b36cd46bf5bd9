import { chmodSync, mkdirSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

/** Mode of the data directory and every directory in it: the server's user only. */
export const PRIVATE_DIRECTORY_MODE = 0o700
/** Mode of every file Warbler writes (database, WAL, keys, uploads): the server's user only. */
export const PRIVATE_FILE_MODE = 0o600
/** The umask the `warbler` CLI runs under, so whatever a library creates is private too. */
export const PRIVATE_UMASK = 0o077

/**
 * Creates the data directory with mode 0700 and tightens what an older install left readable:
 * the directory itself to 0700 and each entry in it to 0600 (files: `warbler.db`, its `-wal` and
 * `-shm`, `admin-key`, `secret-key`, `demo.json`) or 0700 (directories: `files`, `files-tmp`).
 * Deeper entries are not walked: a 0700 parent already keeps other users out, and a start must not
 * scan a million uploads. Returns the paths it could not tighten (not owned by this user).
 *
 * @example
 * ```ts
 * const untouched = securePrivateDataDir('./data')
 * ```
 */
export function securePrivateDataDir(dataDir: string): string[] {
  mkdirSync(dataDir, { recursive: true, mode: PRIVATE_DIRECTORY_MODE })
  const failed: string[] = []
  const tighten = (path: string, mode: number) => {
    try {
      chmodSync(path, mode)
    } catch {
      failed.push(path)
    }
  }
  tighten(dataDir, PRIVATE_DIRECTORY_MODE)
  for (const entry of readdirSync(dataDir, { withFileTypes: true })) {
    if (entry.isDirectory()) tighten(join(dataDir, entry.name), PRIVATE_DIRECTORY_MODE)
    else if (entry.isFile()) tighten(join(dataDir, entry.name), PRIVATE_FILE_MODE)
  }
  return failed
}
