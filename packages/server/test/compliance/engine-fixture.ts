import { join } from 'node:path'
import Database from 'better-sqlite3'
import { dropSchemas, postgresSkipReason, TEST_DATABASE_URL, testSchemaName } from '../../src/storage/postgres/testing/postgres-test-database.js'

/** Raw SQL on the database a test server used, for tests that tamper with rows directly. */
export interface RawDatabase {
  /** Runs a statement with `?` placeholders; returns the rows. */
  query(statement: string, params?: readonly unknown[]): Promise<Record<string, unknown>[]>
  close(): Promise<void>
}

/** One engine the compliance tests run on: the server config it needs and raw access to its data. */
export interface Engine {
  name: 'sqlite' | 'postgres'
  skip?: string
  /** Config overrides for `startTestServer`, and the environment the CLI commands read. */
  setup(): { config: { databaseUrl?: string }; env: Record<string, string> }
  raw(dataDir: string, databaseUrl: string | undefined): Promise<RawDatabase>
  cleanup(): Promise<void>
}

const schemas: string[] = []
const postgresSkip = await postgresSkipReason()

/** SQLite in the data dir, and PostgreSQL in a fresh schema (skipped when PostgreSQL is unreachable outside CI). */
export const ENGINES: Engine[] = [
  {
    name: 'sqlite',
    setup: () => ({ config: {}, env: {} }),
    async raw(dataDir) {
      const db = new Database(join(dataDir, 'warbler.db'))
      return {
        query: async (statement, params = []) => (db.prepare(statement).reader ? (db.prepare(statement).all(...params) as Record<string, unknown>[]) : (db.prepare(statement).run(...params), [])),
        close: async () => void db.close(),
      }
    },
    cleanup: async () => {},
  },
  {
    name: 'postgres',
    ...(postgresSkip ? { skip: postgresSkip } : {}),
    setup() {
      const schema = testSchemaName()
      schemas.push(schema)
      const databaseUrl = `${TEST_DATABASE_URL}${TEST_DATABASE_URL.includes('?') ? '&' : '?'}schema=${schema}&pool_size=4`
      return { config: { databaseUrl }, env: { WARBLER_DATABASE_URL: databaseUrl } }
    },
    async raw(_dataDir, databaseUrl) {
      const schema = new URL(databaseUrl!).searchParams.get('schema')!
      const pg = (await import('pg')).default
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL })
      await client.connect()
      await client.query(`SET search_path TO ${schema}`)
      return {
        async query(statement, params = []) {
          let n = 0
          const { rows } = await client.query(statement.replace(/\?/g, () => `$${++n}`), [...params])
          return rows
        },
        close: () => client.end(),
      }
    },
    cleanup: () => dropSchemas(schemas.splice(0)),
  },
]
