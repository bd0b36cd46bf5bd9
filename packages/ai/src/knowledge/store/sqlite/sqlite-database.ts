/**
 * The subset of a `better-sqlite3` Database the knowledge store uses, so the driver is not a
 * hard dependency of the interface (the server passes its own connection; WAL mode is its call).
 */
export interface SqliteDatabase {
  prepare(sql: string): SqliteStatement
  exec(sql: string): unknown
  transaction<Arguments extends unknown[], Result>(fn: (...args: Arguments) => Result): (...args: Arguments) => Result
  loadExtension?(path: string, entryPoint?: string): unknown
}

/** A prepared statement. */
export interface SqliteStatement {
  run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint }
  get(...params: unknown[]): unknown
  all(...params: unknown[]): unknown[]
}
