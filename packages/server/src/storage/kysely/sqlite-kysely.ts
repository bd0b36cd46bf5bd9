import { Kysely, SqliteDialect, type SqliteDatabase as KyselySqliteDatabase, type SqliteStatement as KyselySqliteStatement } from 'kysely'
import type { SqliteDatabase, SqliteStatement } from '../sqlite/sqlite-driver.js'
import type { Database } from './database.js'

/** Prepared statements kept per connection; beyond this the least recently used one is dropped. */
const STATEMENT_CACHE_SIZE = 500

interface BetterSqliteStatement extends SqliteStatement {
  readonly reader: boolean
  iterate(...params: unknown[]): IterableIterator<unknown>
}

/** better-sqlite3 binds numbers, strings, bigints, buffers and null; booleans are stored as 0/1. */
const bindable = (parameters: ReadonlyArray<unknown>): unknown[] =>
  parameters.map((value) => (value === true ? 1 : value === false ? 0 : value))

/**
 * The better-sqlite3 handle as Kysely's `SqliteDialect` sees it, with two things Kysely leaves out:
 * statements are prepared once per SQL text (Kysely prepares on every query, which would cost the
 * send path), and boolean parameters bind as 0/1. `close()` is a no-op: the storage owns the handle
 * and closes it after the event writer has drained.
 */
function kyselyView(db: SqliteDatabase): KyselySqliteDatabase {
  const cache = new Map<string, KyselySqliteStatement>()
  const wrap = (statement: BetterSqliteStatement): KyselySqliteStatement => ({
    reader: statement.reader,
    all: (parameters) => statement.all(...bindable(parameters)),
    run: (parameters) => statement.run(...bindable(parameters)),
    iterate: (parameters) => statement.iterate(...bindable(parameters)),
  })
  return {
    close: () => {},
    prepare(sql) {
      let statement = cache.get(sql)
      if (statement) {
        // Re-insert: a Map iterates in insertion order, so the first key is the least recently used.
        cache.delete(sql)
      } else {
        statement = wrap(db.prepare(sql) as BetterSqliteStatement)
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!)
      }
      cache.set(sql, statement)
      return statement
    },
  }
}

/**
 * Kysely over the storage's own better-sqlite3 connection (the one the event store reads on and
 * the inline event writer commits on), so there is one connection and one writer per process.
 */
export function sqliteKysely(db: SqliteDatabase): Kysely<Database> {
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: kyselyView(db) }) })
}
