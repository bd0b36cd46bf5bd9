import type { SqliteDatabase } from '../sqlite/sqlite-driver.js'
import { inTransaction, type PgPool } from '../postgres/postgres-driver.js'
import { toTargetValue } from './column-values.js'
import type { TablePlan } from './table-plan.js'

/** The table on the target recording how far each table's copy got. */
export const PROGRESS_TABLE = 'warbler_data_migration'

/** Where one table's copy stands. */
export interface TableProgress {
  table: string
  copied: number
  total: number
  done: boolean
}

/** Creates the progress table when missing. */
export async function ensureProgressTable(pool: PgPool): Promise<void> {
  await pool.query(`CREATE TABLE IF NOT EXISTS ${PROGRESS_TABLE} (
    table_name TEXT PRIMARY KEY, last_key TEXT, copied BIGINT NOT NULL DEFAULT 0, done BOOLEAN NOT NULL DEFAULT FALSE, updated_at BIGINT NOT NULL)`)
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`

/**
 * Copies one table in keyset order, `batchSize` rows per target transaction. Each transaction
 * inserts the rows (ON CONFLICT DO NOTHING) and records the last key copied, so a copy cut at any
 * point resumes right after the last committed batch. `shouldStop` is asked after each batch.
 * Returns false when it stopped before the end.
 */
export async function copyTable(
  source: SqliteDatabase,
  target: PgPool,
  plan: TablePlan,
  options: { batchSize: number; shouldStop: () => boolean; onBatch: (progress: TableProgress) => void },
): Promise<boolean> {
  const { rows } = await target.query<{ last_key: string | null; copied: number; done: boolean }>(
    `SELECT last_key, copied, done FROM ${PROGRESS_TABLE} WHERE table_name = $1`,
    [plan.name],
  )
  const total = (source.prepare(`SELECT COUNT(*) AS n FROM ${quote(plan.name)}`).get() as { n: number }).n
  let copied = rows[0]?.copied ?? 0
  if (rows[0]?.done) return true
  let lastKey = rows[0]?.last_key ? (JSON.parse(rows[0].last_key) as unknown[]) : undefined

  const keyList = plan.key.map((column) => (column === 'rowid' ? 'rowid' : quote(column))).join(', ')
  const selectList = [...plan.key.map((column, index) => `${column === 'rowid' ? 'rowid' : quote(column)} AS "__key${index}"`), ...plan.columns.map(quote)].join(', ')
  const first = source.prepare(`SELECT ${selectList} FROM ${quote(plan.name)} ORDER BY ${keyList} LIMIT ?`)
  const next = source.prepare(
    `SELECT ${selectList} FROM ${quote(plan.name)} WHERE (${keyList}) > (${plan.key.map(() => '?').join(', ')}) ORDER BY ${keyList} LIMIT ?`,
  )
  // PostgreSQL takes at most 65535 parameters per statement.
  const batchSize = Math.max(1, Math.min(options.batchSize, Math.floor(65_535 / Math.max(1, plan.columns.length))))
  // Bounded: every batch moves the key forward, so there are at most total / batchSize + 1 batches.
  const maxBatches = Math.ceil(total / batchSize) + 1
  for (let batchIndex = 0; batchIndex <= maxBatches; batchIndex++) {
    const batch = (lastKey ? next.all(...lastKey, batchSize) : first.all(batchSize)) as Record<string, unknown>[]
    if (batch.length === 0) {
      await target.query(
        `INSERT INTO ${PROGRESS_TABLE} (table_name, copied, done, updated_at) VALUES ($1, $2, TRUE, $3)
         ON CONFLICT (table_name) DO UPDATE SET done = TRUE, updated_at = excluded.updated_at`,
        [plan.name, copied, Date.now()],
      )
      options.onBatch({ table: plan.name, copied, total, done: true })
      return true
    }
    const batchKey = plan.key.map((_, index) => batch[batch.length - 1]![`__key${index}`])
    const values: unknown[] = []
    const tuples = batch.map((row) => {
      const placeholders = plan.columns.map((column) => {
        values.push(toTargetValue(plan.name, column, plan.targetTypes[column]!, row[column]))
        return `$${values.length}`
      })
      return `(${placeholders.join(', ')})`
    })
    await inTransaction(target, async (client) => {
      await client.query(`INSERT INTO ${quote(plan.name)} (${plan.columns.map(quote).join(', ')}) VALUES ${tuples.join(', ')} ON CONFLICT DO NOTHING`, values)
      await client.query(
        `INSERT INTO ${PROGRESS_TABLE} (table_name, last_key, copied, done, updated_at) VALUES ($1, $2, $3, FALSE, $4)
         ON CONFLICT (table_name) DO UPDATE SET last_key = excluded.last_key, copied = excluded.copied, updated_at = excluded.updated_at`,
        [plan.name, JSON.stringify(batchKey), copied + batch.length, Date.now()],
      )
    })
    copied += batch.length
    lastKey = batchKey
    options.onBatch({ table: plan.name, copied, total, done: false })
    if (options.shouldStop()) return false
  }
  throw new Error(`copy of ${plan.name} did not converge after ${maxBatches} batches (is the source being written to?)`)
}

/** Moves BIGSERIAL sequences past the copied ids, so new rows do not collide with copied ones. */
export async function resetSequences(target: PgPool, plan: TablePlan): Promise<void> {
  for (const column of plan.serialColumns) {
    await target.query(
      `SELECT setval(pg_get_serial_sequence($1, $2), GREATEST(COALESCE((SELECT MAX(${quote(column)}) FROM ${quote(plan.name)}), 0), 1),
                     (SELECT MAX(${quote(column)}) FROM ${quote(plan.name)}) IS NOT NULL)`,
      [plan.name, column],
    )
  }
}
