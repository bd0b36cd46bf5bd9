import { Kysely, PostgresDialect, type PostgresPool } from 'kysely'
import type { PgPool } from '../postgres/postgres-driver.js'
import type { Database } from './database.js'

/**
 * Kysely over the node's `pg` pool (the one the event store batches on), so BIGINT columns come
 * back as numbers and every query runs in the pool's schema.
 */
export function postgresKysely(pool: PgPool): Kysely<Database> {
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool: pool as unknown as PostgresPool }) })
}
