import { parseArgs } from 'node:util'
import type { PgPool } from '../postgres/postgres-driver.js'
import { migrateData } from './migrate-data.js'

/** Usage of `warbler migrate-data`. */
export const MIGRATE_DATA_USAGE = `Usage: warbler migrate-data --from <sqlite file> --to <postgres url> [--batch-size 1000]

Copies a SQLite deployment into PostgreSQL. Stop the server using the SQLite file first. Safe to
interrupt (Ctrl-C) and run again: it resumes where it stopped. Ends by comparing row counts.
`

/**
 * `warbler migrate-data --from ./data/warbler.db --to postgres://...`: runs {@link migrateData},
 * printing progress; Ctrl-C stops after the batch in flight. Resolves with the exit code.
 */
export async function migrateDataCommand(argv: readonly string[], out: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: { from: { type: 'string' }, to: { type: 'string' }, 'batch-size': { type: 'string' }, help: { type: 'boolean' } },
    strict: true,
  })
  if (values.help || !values.from || !values.to) {
    out(MIGRATE_DATA_USAGE)
    return values.help ? 0 : 2
  }
  const batchSize = values['batch-size'] === undefined ? 1000 : Number(values['batch-size'])
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error('--batch-size must be a positive integer')
  const stop = new AbortController()
  const onSignal = () => {
    out('Stopping after the batch in flight; run the same command again to resume.')
    stop.abort()
  }
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  let lastLine = 0
  try {
    const result = await migrateData({
      from: values.from,
      to: values.to,
      batchSize,
      signal: stop.signal,
      prepareTarget: prepareKnowledgeTables,
      onProgress: (progress) => {
        // One line per table at most every second, and always at the end of a table.
        if (!progress.done && Date.now() - lastLine < 1000) return
        lastLine = Date.now()
        const percent = progress.total === 0 ? 100 : Math.min(100, Math.floor((progress.copied / progress.total) * 100))
        out(`${progress.table}: ${progress.copied}/${progress.total} rows (${percent}%)${progress.done ? ' done' : ''}`)
      },
    })
    if (!result.completed) {
      out('Interrupted. Run the same command again to resume.')
      return 130
    }
    for (const table of result.skipped) out(`skipped ${table}: no such table in PostgreSQL`)
    for (const table of result.searchIndexes) out(`not copied ${table}: a SQLite search index; PostgreSQL indexes the copied rows itself`)
    for (const table of result.tables) out(`verify ${table.table}: sqlite ${table.source}, postgres ${table.target}${table.source === table.target ? '' : '  MISMATCH'}`)
    if (result.mismatches.length > 0) {
      out(`Row counts differ for ${result.mismatches.join(', ')} (was PostgreSQL already in use?).`)
      return 1
    }
    out(`Done: ${result.tables.length} tables copied and verified.`)
    return 0
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
}

/**
 * Creates the knowledge-base tables on the target when `@warbler/ai` offers a PostgreSQL knowledge
 * store, so `kb_*` tables are copied too.
 */
async function prepareKnowledgeTables(pool: PgPool): Promise<void> {
  const ai = (await import('@warbler/ai')) as Record<string, unknown>
  const Store = ai.PostgresKnowledgeStore as (new (pool: PgPool, options: { usePgvector: boolean }) => { migrate(): Promise<void> }) | undefined
  if (Store) await new Store(pool, { usePgvector: false }).migrate()
}
