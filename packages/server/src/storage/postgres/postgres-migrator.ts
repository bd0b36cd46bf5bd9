import type { Migration } from '../migrations/migration.js'
import type { PgPool } from './postgres-driver.js'

/** Advisory lock taken by every node migrating the same schema. */
const LOCK_KEY = "hashtext('warbler-migrate:' || current_schema())"

/**
 * Applies the migrations not applied yet, each in its own transaction, recording them in
 * `schema_migrations`. Runs under a session advisory lock, so when N nodes start at once one
 * migrates and the others wait, then find nothing left to do. Returns the versions applied here.
 */
export async function migratePostgres(pool: PgPool, migrations: readonly Migration[]): Promise<number[]> {
  const client = await pool.connect()
  const done: number[] = []
  try {
    await client.query(`SELECT pg_advisory_lock(${LOCK_KEY})`)
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`)
      const applied = new Set((await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((row) => row.version))
      for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
        if (applied.has(migration.version)) continue
        if (migration.postgres === undefined) {
          throw new Error(`Migration ${migration.version} (${migration.name}) has no PostgreSQL SQL; this build cannot run on PostgreSQL.`)
        }
        await client.query('BEGIN')
        try {
          await client.query(migration.postgres)
          await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [migration.version, migration.name, Date.now()])
          await client.query('COMMIT')
        } catch (error) {
          await client.query('ROLLBACK')
          throw error
        }
        done.push(migration.version)
      }
    } finally {
      await client.query(`SELECT pg_advisory_unlock(${LOCK_KEY})`)
    }
  } finally {
    client.release()
  }
  return done
}
