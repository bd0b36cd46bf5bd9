import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely'
import type { Database } from './database.js'

/** Either engine's Kysely, or a transaction on it: what a store's queries run on. */
export type Queries = Kysely<Database> | Transaction<Database>

/**
 * What a store written once gets: the engine's Kysely, a transaction helper that behaves the same
 * on both engines, and the few facts a store may need to know about its engine.
 */
export interface StoreDatabase {
  readonly engine: 'sqlite' | 'postgres'
  /** Queries outside a transaction. */
  readonly db: Kysely<Database>
  /**
   * Runs `work` in one transaction, committing when it resolves and rolling back when it throws.
   * `work` may only await queries on `trx`: on SQLite the transaction shares the connection with
   * the event writer, so it must finish within one turn of the event loop (see {@link sqliteStoreDatabase}).
   */
  transaction<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T>
  /** Whether the error is a unique (or primary key) constraint refusing a row. */
  isUniqueViolation(error: unknown): boolean
  /**
   * The column for `ORDER BY` in byte order. SQLite compares TEXT byte-wise already; PostgreSQL
   * columns created without `COLLATE "C"` would sort by the database locale.
   */
  byteOrder(column: string): RawBuilder<unknown>
}

const errorCode = (error: unknown) => (typeof error === 'object' && error !== null ? String((error as { code?: unknown }).code) : '')

/**
 * A store database on SQLite. Kysely runs the queries on the storage's own connection, which the
 * inline event writer also commits on (from a `setImmediate`, see `sqlite-event-store.ts`). A
 * transaction whose work only awaits its own queries completes before any other macrotask runs, so
 * no event batch can land inside it; a transaction that awaits anything else (a timer, a socket, a
 * file) would hold the writer and let other work join its transaction, so it is refused and rolled
 * back instead.
 */
export function sqliteStoreDatabase(db: Kysely<Database>): StoreDatabase {
  return {
    engine: 'sqlite',
    db,
    async transaction(work) {
      return db.transaction().execute(async (trx) => {
        let turnEnded = false
        const timer = setImmediate(() => (turnEnded = true))
        try {
          const result = await work(trx)
          if (turnEnded) throw new Error('A SQLite transaction awaited something other than its own queries; it was rolled back.')
          return result
        } finally {
          clearImmediate(timer)
        }
      })
    },
    byteOrder: (column) => sql`${sql.ref(column)}`,
    isUniqueViolation: (error) => /^SQLITE_CONSTRAINT_(UNIQUE|PRIMARYKEY)$/.test(errorCode(error)),
  }
}

/** A store database on PostgreSQL: transactions on one pooled client. */
export function postgresStoreDatabase(db: Kysely<Database>): StoreDatabase {
  return {
    engine: 'postgres',
    db,
    transaction: (work) => db.transaction().execute(work),
    byteOrder: (column) => sql`${sql.ref(column)} COLLATE "C"`,
    isUniqueViolation: (error) => errorCode(error) === '23505',
  }
}
