import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll } from 'vitest'
import { PostgresStorage } from '../../src/storage/postgres/postgres-storage.js'
import { dropSchemas, postgresSkipReason, TEST_DATABASE_URL, testSchemaName } from '../../src/storage/postgres/testing/postgres-test-database.js'
import { SqliteStorage } from '../../src/storage/sqlite/sqlite-storage.js'
import type { Storage } from '../../src/storage/storage.js'

/** One storage engine a throughput test runs on; `skip` says why it cannot run here. */
export interface DurableEngine {
  name: string
  skip?: string
  open: () => Promise<Storage>
}

/**
 * The two engines as throughput tests measure them: SQLite on a file with its default
 * `synchronous=FULL`, and PostgreSQL in a schema of its own (skipped with the reason when the test
 * database is missing). Each `open()` makes a fresh database; all of them are removed after the file.
 */
export async function durableEngines(dirPrefix: string): Promise<DurableEngine[]> {
  const postgresSkip = await postgresSkipReason()
  const schemas: string[] = []
  const dirs: string[] = []
  afterAll(async () => {
    await dropSchemas(schemas)
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  })
  return [
    {
      name: 'sqlite (file, synchronous full)',
      open: () => {
        const dir = mkdtempSync(join(tmpdir(), dirPrefix))
        dirs.push(dir)
        return SqliteStorage.open({ filename: join(dir, 'warbler.db') })
      },
    },
    {
      name: 'postgres',
      ...(postgresSkip ? { skip: postgresSkip } : {}),
      open: () => {
        const schema = testSchemaName()
        schemas.push(schema)
        return PostgresStorage.open({ url: TEST_DATABASE_URL, schema, poolSize: 8 })
      },
    },
  ]
}
