import { chmodSync, closeSync, openSync } from 'node:fs'

/**
 * The subset of better-sqlite3 the SQLite storage uses, so the interface does not depend on the
 * package's types (Kysely's `SqliteDatabase` idea).
 */
export interface SqliteStatement {
  run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint }
  get(...params: unknown[]): unknown
  all(...params: unknown[]): unknown[]
  pluck(toggle?: boolean): SqliteStatement
}

/** A better-sqlite3 database, as far as Warbler uses it. */
export interface SqliteDatabase {
  prepare(sql: string): SqliteStatement
  exec(sql: string): unknown
  pragma(source: string, options?: { simple?: boolean }): unknown
  transaction<F extends (...args: never[]) => unknown>(fn: F): F & { immediate: F }
  close(): unknown
  readonly open: boolean
  /** Whether a transaction is open on the connection. */
  readonly inTransaction: boolean
}

/**
 * Creates the database file with mode 0600 (or tightens an existing one): SQLite gives the `-wal`
 * and `-shm` files the mode of the database, and the database holds signing keys and secrets.
 */
function makePrivate(filename: string): void {
  if (filename === ':memory:' || filename === '') return
  try {
    closeSync(openSync(filename, 'wx', 0o600))
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
  }
  for (const path of [filename, `${filename}-wal`, `${filename}-shm`]) {
    try {
      chmodSync(path, 0o600)
    } catch {
      // missing (no WAL yet) or not ours (a copy being migrated from): nothing to tighten
    }
  }
}

/** Opens a better-sqlite3 database with the pragmas Warbler relies on. */
export async function openSqliteDatabase(filename: string, options: { synchronous?: 'full' | 'normal' } = {}): Promise<SqliteDatabase> {
  const { default: Database } = await import('better-sqlite3')
  makePrivate(filename)
  const db = new Database(filename)
  db.pragma('journal_mode = WAL')
  // FULL: a commit is fsynced before append() resolves, so an acked message survives power loss too.
  // NORMAL survives a process crash (kill -9) but may lose the last commits on power loss.
  db.pragma(`synchronous = ${options.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`)
  db.pragma('foreign_keys = ON')
  db.pragma('busy_timeout = 5000')
  // After a burst left the WAL large, the next restart of the log trims the file back to this.
  db.pragma('journal_size_limit = 67108864')
  db.pragma('cache_size = -32000')
  return db as unknown as SqliteDatabase
}
