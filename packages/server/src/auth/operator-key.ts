import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { newSecret } from './secrets.js'

/** Where the operator key came from. */
export type OperatorKeySource = 'environment' | 'data-dir' | 'generated'

/**
 * The operator key: `WARBLER_ADMIN_KEY` when set; otherwise the one kept in `<dataDir>/admin-key`;
 * otherwise a new one, written there with mode 0600 (the caller prints it once).
 */
export function resolveOperatorKey(dataDir: string, fromEnvironment: string | undefined): { key: string; source: OperatorKeySource } {
  if (fromEnvironment) return { key: fromEnvironment, source: 'environment' }
  const file = join(dataDir, 'admin-key')
  if (existsSync(file)) return { key: readFileSync(file, 'utf8').trim(), source: 'data-dir' }
  const key = newSecret('wok')
  writeFileSync(file, `${key}\n`, { mode: 0o600 })
  chmodSync(file, 0o600)
  return { key, source: 'generated' }
}
