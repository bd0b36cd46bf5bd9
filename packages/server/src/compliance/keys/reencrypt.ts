import { WarblerError } from '@warbler/protocol'
import { searchTerms } from '../../storage/postgres/postgres-search-terms.js'
import type { ComplianceStore, SealedColumn, SealedValueChange } from '../../storage/compliance-store.js'
import type { SettingStore } from '../../storage/storage.js'
import type { AppSecretBox } from './app-secret-box.js'
import { isLegacySealed } from './app-secret-box.js'
import { isSealedPayload, sealPayload } from './sealed-copies.js'
import { blindTokens } from './sealed-events.js'
import { sealExt } from './sealed-ext.js'

/** How a stored value is brought under the app's data key; undefined leaves it as it is. */
type Reseal = (box: AppSecretBox, value: string) => string | undefined

const A1 = 'a1:'

/** A secret: sealed with the server key before (`v1:`) → the app key; `clear` too when the column held secrets in the clear. */
const secret =
  (clear: boolean): Reseal =>
  (box, value) => {
    if (value.startsWith(A1)) return undefined
    if (isLegacySealed(value)) return box.encrypt(box.decrypt(value))
    return clear && value !== '' ? box.encrypt(value) : undefined
  }

/** A message body in the clear (JSON) → `{ type: 'sealed', sealed }`, as the event store writes it. */
const body: Reseal = (box, value) => {
  let parsed: unknown
  try {
    parsed = JSON.parse(value)
  } catch {
    return undefined
  }
  if (parsed === null || typeof parsed !== 'object') return undefined
  if ((parsed as { type?: unknown }).type === 'sealed') return undefined
  return JSON.stringify({ type: 'sealed', sealed: box.encrypt(value) })
}

const BLIND = /^[a-p]{16}$/

/** A search row of plain terms → their blind tokens (a row already blind is left). */
const search: Reseal = (box, value) => {
  const terms = searchTerms(value)
  if (terms.length === 0 || terms.every((term) => BLIND.test(term))) return undefined
  return blindTokens(box, value)
}

/** A message's `ext` in the clear → its custom keys sealed (`sealed-ext.ts`); one with nothing to seal is left. */
const messageExt: Reseal = (box, value) => {
  let parsed: unknown
  try {
    parsed = JSON.parse(value)
  } catch {
    return undefined
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed) || '$sealed' in parsed) return undefined
  const sealed = sealExt(box, parsed as Parameters<typeof sealExt>[1])
  return sealed === parsed ? undefined : JSON.stringify(sealed)
}

const payload: Reseal = (box, value) => (isSealedPayload(value) ? undefined : sealPayload(box, value))
const pushPayload: Reseal = (box, value) => (value.startsWith(A1) ? undefined : box.encrypt(value))
const toolArguments: Reseal = (box, value) => {
  let parsed: unknown
  try {
    parsed = JSON.parse(value)
  } catch {
    return undefined
  }
  const keys = parsed && typeof parsed === 'object' ? Object.keys(parsed) : []
  if (keys.length === 1 && keys[0] === 'sealed') return undefined
  if (keys.length === 0) return undefined
  return JSON.stringify({ sealed: box.encrypt(value) })
}

/** A free text in the clear (a support note, hand-off summary, CSAT comment) → sealed, as `sealed-support.ts` writes it. */
const freeText: Reseal = (box, value) => (value === '' || value.startsWith(A1) ? undefined : box.encrypt(value))

/** One column the bulk re-encryption walks, with how its values are resealed. */
export interface ReencryptTarget {
  name: string
  column: SealedColumn
  reseal: Reseal
}

/** Every column holding data the app key should seal, on the given engine (SQLite's FTS5 table pages by rowid). */
export function reencryptTargets(engine: 'sqlite' | 'postgres'): ReencryptTarget[] {
  const appKey = ['app_id', 'id']
  return [
    { name: 'message bodies', column: { table: 'events', column: 'body', key: ['app_id', 'conversation_id', 'seq'], app: 'app_id' }, reseal: body },
    { name: 'message ext', column: { table: 'events', column: 'ext', key: ['app_id', 'conversation_id', 'seq'], app: 'app_id' }, reseal: messageExt },
    {
      name: 'search index',
      column: engine === 'sqlite' ? { table: 'message_search', column: 'tokens', key: ['rowid'], app: 'app_id' } : { table: 'message_search', column: 'tokens', key: ['app_id', 'conversation_id', 'seq'], app: 'app_id' },
      reseal: search,
    },
    { name: 'webhook payloads', column: { table: 'webhook_deliveries', column: 'payload', key: appKey, app: 'app_id' }, reseal: payload },
    { name: 'push payloads', column: { table: 'push_jobs', column: 'payload', key: appKey, app: 'app_id' }, reseal: pushPayload },
    { name: 'tool-call arguments', column: { table: 'tool_calls', column: 'arguments', key: appKey, app: 'app_id' }, reseal: toolArguments },
    { name: 'support notes', column: { table: 'support_notes', column: 'text', key: appKey, app: 'app_id' }, reseal: freeText },
    { name: 'hand-off summaries', column: { table: 'support_states', column: 'summary', key: ['app_id', 'conversation_id'], app: 'app_id' }, reseal: freeText },
    { name: 'CSAT comments', column: { table: 'support_csat', column: 'comment', key: ['app_id', 'case_id'], app: 'app_id' }, reseal: freeText },
    { name: 'user-token signing keys', column: { table: 'apps', column: 'signing_key', key: ['id'], app: 'id' }, reseal: secret(true) },
    { name: 'webhook secrets', column: { table: 'webhooks', column: 'secret', key: appKey, app: 'app_id' }, reseal: secret(true) },
    { name: 'before-send hook secrets', column: { table: 'before_send_hooks', column: 'secret', key: ['app_id'], app: 'app_id' }, reseal: secret(true) },
    { name: 'bot provider keys', column: { table: 'bots', column: 'api_key_ciphertext', key: appKey, app: 'app_id' }, reseal: secret(false) },
    { name: 'tool secrets', column: { table: 'tools', column: 'secrets_ciphertext', key: appKey, app: 'app_id' }, reseal: secret(false) },
    { name: 'MCP server headers', column: { table: 'mcp_servers', column: 'headers_ciphertext', key: appKey, app: 'app_id' }, reseal: secret(false) },
    { name: 'tool identity keys', column: { table: 'tool_signing_keys', column: 'private_jwk_ciphertext', key: ['app_id'], app: 'app_id' }, reseal: secret(false) },
    { name: 'push credentials', column: { table: 'push_credentials', column: 'sealed', key: ['app_id', 'provider'], app: 'app_id' }, reseal: secret(false) },
    { name: 'knowledge source tokens', column: { table: 'knowledge_sources', column: 'sealed_secret', key: appKey, app: 'app_id' }, reseal: secret(false) },
    { name: 'widget identity secrets', column: { table: 'settings', column: 'value', key: ['key'], app: 'key', keyPrefix: 'widget.identity-secret.' }, reseal: secret(false) },
  ]
}

/** The file storage calls re-encryption needs (an `EncryptedFileStorage`). */
export interface FileReencrypter {
  encryptInPlace(key: string): Promise<boolean>
}

/** Counts of one run, per target. */
export interface ReencryptReport {
  /** Values rewritten under the app key, per target name (files: objects encrypted). */
  rewritten: Record<string, number>
  /** Rows of apps whose key was destroyed (nothing to seal with; they are unreadable anyway). */
  shredded: number
  /** Whether the run went through every target (false: stopped by `maxBatches`). */
  done: boolean
}

/** Where a run stands: the target and the last key done, kept in the settings table so a stopped run resumes there. */
interface Cursor {
  target: string
  after: (string | number)[] | null
}

/** The settings key the cursor of a run is kept under. */
export const REENCRYPT_CURSOR_KEY = 'keys.reencrypt.cursor'

/**
 * Bulk re-encryption: walks every column that holds data stored before encryption at rest (message
 * bodies and their search rows, webhook and push payloads, tool-call arguments, secrets in the clear
 * or under the server key) and the files, in batches of `batchSize` rows, each batch one
 * transaction that only replaces a value still as it was read. Values already under the app key
 * are left. The position is saved after every batch, so a run that stops resumes where it was;
 * running it again when done finds nothing to do.
 *
 * @example
 * ```ts
 * const report = await reencryptAll({ store: storage.compliance, settings: storage.settings, engine: storage.kind, boxOf, files })
 * ```
 */
export async function reencryptAll(deps: {
  store: ComplianceStore
  settings: SettingStore
  engine: 'sqlite' | 'postgres'
  boxOf: (appId: string) => Promise<AppSecretBox>
  files?: FileReencrypter
  batchSize?: number
  /** Stops after this many batches (tests and throttled runs); the cursor is kept. */
  maxBatches?: number
  onBatch?: (target: string, rewritten: number) => void
}): Promise<ReencryptReport> {
  const batchSize = deps.batchSize ?? 200
  const report: ReencryptReport = { rewritten: {}, shredded: 0, done: false }
  const targets = reencryptTargets(deps.engine)
  const fileTargets: ReencryptTarget[] = deps.files
    ? [
        { name: 'files', column: { table: 'files', column: 'storage_key', key: ['app_id', 'id'], app: 'app_id' }, reseal: () => undefined },
        { name: 'thumbnails', column: { table: 'files', column: 'thumbnail_key', key: ['app_id', 'id'], app: 'app_id' }, reseal: () => undefined },
      ]
    : []
  const all = [...targets, ...fileTargets]
  const saved = await deps.settings.get(REENCRYPT_CURSOR_KEY)
  let cursor: Cursor = saved ? (JSON.parse(saved) as Cursor) : { target: all[0]!.name, after: null }
  if (!all.some((target) => target.name === cursor.target)) cursor = { target: all[0]!.name, after: null }
  let batches = 0
  const shredded = new Set<string>()
  const boxes = new Map<string, AppSecretBox | null>()
  const boxOf = async (appId: string): Promise<AppSecretBox | null> => {
    if (!boxes.has(appId)) {
      try {
        boxes.set(appId, await deps.boxOf(appId))
      } catch (error) {
        if (!(WarblerError.isInstance(error) && error.code === 'app_not_found')) throw error
        boxes.set(appId, null)
      }
    }
    return boxes.get(appId)!
  }
  for (let index = all.findIndex((target) => target.name === cursor.target); index < all.length; index++) {
    const target = all[index]!
    report.rewritten[target.name] ??= 0
    let after = cursor.target === target.name ? cursor.after : null
    for (;;) {
      if (deps.maxBatches !== undefined && batches >= deps.maxBatches) return report
      const rows = await deps.store.sealedColumnPage(target.column, after ?? undefined, batchSize)
      if (rows.length === 0) break
      let rewritten = 0
      const changes: SealedValueChange[] = []
      for (const row of rows) {
        const box = await boxOf(row.appId)
        if (!box) {
          shredded.add(`${target.name}\u0000${row.key.join('\u0000')}`)
          continue
        }
        if (fileTargets.includes(target)) {
          if (await deps.files!.encryptInPlace(row.value)) rewritten++
          continue
        }
        const to = target.reseal(box, row.value)
        if (to !== undefined) changes.push({ key: row.key, from: row.value, to })
      }
      rewritten += await deps.store.replaceSealedValues(target.column, changes)
      report.rewritten[target.name]! += rewritten
      after = rows[rows.length - 1]!.key
      await deps.settings.set(REENCRYPT_CURSOR_KEY, JSON.stringify({ target: target.name, after } satisfies Cursor))
      batches++
      deps.onBatch?.(target.name, rewritten)
      if (rows.length < batchSize) break
    }
    const next = all[index + 1]
    if (next) await deps.settings.set(REENCRYPT_CURSOR_KEY, JSON.stringify({ target: next.name, after: null } satisfies Cursor))
  }
  // A finished run starts from the beginning next time.
  await deps.settings.set(REENCRYPT_CURSOR_KEY, JSON.stringify({ target: all[0]!.name, after: null } satisfies Cursor))
  report.shredded = shredded.size
  report.done = true
  return report
}
