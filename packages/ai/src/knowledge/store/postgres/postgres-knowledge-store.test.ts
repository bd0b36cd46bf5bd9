import { randomBytes } from 'node:crypto'
import { afterAll, describe } from 'vitest'
import pg from 'pg'
import { describeKnowledgeStore } from '../testing/knowledge-store-conformance.js'
import { PostgresKnowledgeStore } from './postgres-knowledge-store.js'

const url = process.env.WARBLER_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

/** Unreachable PostgreSQL: skip with a visible message, except in CI where the suite must run. */
async function skipReason(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 })
  try {
    await client.connect()
    return undefined
  } catch (error) {
    const message = `PostgreSQL at ${url} is unreachable (${(error as Error).message})`
    if (process.env.CI) throw new Error(`${message}; CI requires it (set WARBLER_TEST_DATABASE_URL).`)
    console.warn(`SKIPPED PostgreSQL knowledge store tests: ${message}.`)
    return message
  } finally {
    await client.end().catch(() => {})
  }
}

const skip = await skipReason()
const schemas: string[] = []
const pools: pg.Pool[] = []
afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.end()))
  if (schemas.length === 0) return
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
  await client.end()
})

/** A fresh schema per store, as the SQLite suite gets a fresh :memory: database. */
async function freshPool(): Promise<pg.Pool> {
  const schema = `warbler_test_${randomBytes(6).toString('hex')}`
  schemas.push(schema)
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  await admin.query(`CREATE SCHEMA ${schema}`)
  await admin.end()
  const pool = new pg.Pool({ connectionString: url, max: 4, options: `-c search_path=${schema}` })
  pools.push(pool)
  return pool
}

describe.skipIf(skip)('PostgreSQL knowledge store', () => {
  describeKnowledgeStore('postgres (pgvector when available)', async () => new PostgresKnowledgeStore(await freshPool()))
  describeKnowledgeStore('postgres, exact cosine', async () => new PostgresKnowledgeStore(await freshPool(), { usePgvector: false }))
})
