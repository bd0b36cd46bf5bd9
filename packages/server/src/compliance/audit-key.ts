import { randomBytes } from 'node:crypto'
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** Where the audit key came from. */
export type AuditKeySource = 'environment' | 'data-dir' | 'generated'

/** The smallest key the chain accepts, in bytes. */
const MIN_KEY_BYTES = 32

function decode(text: string, from: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64')
  if (key.length < MIN_KEY_BYTES) throw new Error(`${from}: the audit key must be at least ${MIN_KEY_BYTES} bytes, base64`)
  return key
}

/**
 * The key of the audit chain's HMACs, kept apart from the data it protects: `WARBLER_AUDIT_KEY`
 * (base64, at least 32 bytes) when set; otherwise `<dataDir>/audit-key`; otherwise a new random key
 * written there with mode 0600. Cluster nodes must share one key: set `WARBLER_AUDIT_KEY` on each.
 * With `create: false` (the `warbler audit verify` command) a missing key is an error, not a new key.
 */
export function resolveAuditKey(dataDir: string, fromEnvironment: string | undefined, options: { create?: boolean } = {}): { key: Buffer; source: AuditKeySource } {
  if (fromEnvironment) return { key: decode(fromEnvironment, 'WARBLER_AUDIT_KEY'), source: 'environment' }
  const file = join(dataDir, 'audit-key')
  if (existsSync(file)) return { key: decode(readFileSync(file, 'utf8'), file), source: 'data-dir' }
  if (options.create === false) throw new Error(`No audit key: set WARBLER_AUDIT_KEY or WARBLER_DATA_DIR (no ${file})`)
  const key = randomBytes(MIN_KEY_BYTES)
  writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600 })
  chmodSync(file, 0o600)
  return { key, source: 'generated' }
}
