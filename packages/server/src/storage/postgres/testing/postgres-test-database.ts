import { randomBytes } from 'node:crypto'

/** The database the PostgreSQL tests use. */
export const TEST_DATABASE_URL = process.env.WARBLER_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

/**
 * Whether the PostgreSQL suites run. Returns a skip reason when PostgreSQL is unreachable outside CI;
 * in CI (env `CI` set) an unreachable database throws, so the suite fails loudly instead of skipping.
 */
export async function postgresSkipReason(): Promise<string | undefined> {
  const pg = (await import('pg')).default
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 3000 })
  try {
    await client.connect()
    await client.query('SELECT 1')
    return undefined
  } catch (error) {
    const message = `PostgreSQL at ${TEST_DATABASE_URL} is unreachable (${error instanceof Error ? error.message : String(error)})`
    if (process.env.CI) throw new Error(`${message}; CI requires it (set WARBLER_TEST_DATABASE_URL).`)
    console.warn(`SKIPPED PostgreSQL tests: ${message}. Start PostgreSQL or set WARBLER_TEST_DATABASE_URL to run them.`)
    return message
  } finally {
    await client.end().catch(() => {})
  }
}

/** A fresh schema name for one test run: `warbler_test_<random>`. */
export function testSchemaName(): string {
  return `warbler_test_${randomBytes(6).toString('hex')}`
}

/** Drops test schemas (with everything in them). */
export async function dropSchemas(schemas: readonly string[]): Promise<void> {
  if (schemas.length === 0) return
  const pg = (await import('pg')).default
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL })
  await client.connect()
  try {
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
  } finally {
    await client.end()
  }
}
