import { existsSync } from 'node:fs'
import { MIGRATIONS } from '../migrations/index.js'
import type { PgPool } from '../postgres/postgres-driver.js'
import { PostgresStorage } from '../postgres/postgres-storage.js'
import { openSqliteDatabase } from '../sqlite/sqlite-driver.js'
import { migrateSqlite } from '../sqlite/sqlite-migrator.js'
import { copyTable, ensureProgressTable, resetSequences, type TableProgress } from './copy-table.js'
import { planTables } from './table-plan.js'

/** Options of {@link migrateData}. */
export interface MigrateDataOptions {
  /** The SQLite database file (stop the server using it first). */
  from: string
  /** The PostgreSQL URL (`?schema=` is honoured). */
  to: string
  /** Rows per target transaction; default 1000. */
  batchSize?: number
  /** Called after every batch and at the end of every table. */
  onProgress?: (progress: TableProgress) => void
  /** Stops after the batch in flight (Ctrl-C); the next run resumes there. */
  signal?: AbortSignal
  /** Stops after this many batches in this run (for tests of resumption). */
  stopAfterBatches?: number
  /**
   * Creates further tables on the target before the copy (e.g. the knowledge store's `kb_*`
   * tables); tables the target lacks are not copied.
   */
  prepareTarget?: (pool: PgPool) => Promise<void>
}

/** What a run did. */
export interface MigrateDataResult {
  /** False when the run stopped early; run it again to resume. */
  completed: boolean
  tables: { table: string; source: number; target: number }[]
  /** Source tables the target has no table for (not copied). */
  skipped: string[]
  /** SQLite search indexes (FTS5, sqlite-vec) not copied: the target indexes the copied rows itself. */
  searchIndexes: string[]
  /** Tables whose row counts differ after a completed run (empty when all match). */
  mismatches: string[]
}

/**
 * Copies a SQLite deployment into PostgreSQL: migrates both to the latest schema, then copies every
 * table both have (apps, users, conversations, members, events, settings, and every table added
 * since, knowledge-base `kb_*` tables included) in batches, in keyset order, with ON CONFLICT DO
 * NOTHING. Progress is recorded on the target, so an interrupted run resumes where it stopped and a
 * finished run is a no-op. Ends by comparing row counts.
 *
 * @example
 * ```ts
 * const result = await migrateData({ from: './data/warbler.db', to: 'postgres://warbler@db/warbler', onProgress: console.log })
 * ```
 */
export async function migrateData(options: MigrateDataOptions): Promise<MigrateDataResult> {
  if (!existsSync(options.from)) throw new Error(`No SQLite database at ${options.from}`)
  const source = await openSqliteDatabase(options.from)
  const target = await PostgresStorage.open({ url: options.to, poolSize: 2 })
  try {
    migrateSqlite(source, MIGRATIONS)
    await target.migrate()
    await options.prepareTarget?.(target.pool)
    await ensureProgressTable(target.pool)
    const { tables, skipped, searchIndexes } = await planTables(source, target.pool, target.schema)
    let batches = 0
    const shouldStop = () => options.signal?.aborted === true || (options.stopAfterBatches !== undefined && batches >= options.stopAfterBatches)
    for (const plan of tables) {
      const finished = await copyTable(source, target.pool, plan, {
        batchSize: options.batchSize ?? 1000,
        shouldStop,
        onBatch: (progress) => {
          if (!progress.done) batches++
          options.onProgress?.(progress)
        },
      })
      if (!finished) return { completed: false, tables: [], skipped, searchIndexes, mismatches: [] }
      await resetSequences(target.pool, plan)
    }
    const counts = []
    for (const plan of tables) {
      const sourceCount = (source.prepare(`SELECT COUNT(*) AS n FROM "${plan.name}"`).get() as { n: number }).n
      const { rows } = await target.pool.query<{ n: number }>(`SELECT COUNT(*)::bigint AS n FROM "${plan.name}"`)
      counts.push({ table: plan.name, source: sourceCount, target: rows[0]!.n })
    }
    return { completed: true, tables: counts, skipped, searchIndexes, mismatches: counts.filter((count) => count.source !== count.target).map((count) => count.table) }
  } finally {
    source.close()
    await target.close()
  }
}
