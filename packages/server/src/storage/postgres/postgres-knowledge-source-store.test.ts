import { afterAll } from 'vitest'
import { describeKnowledgeSourceStore } from '../testing/knowledge-source-store-conformance.js'
import { PostgresStorage } from './postgres-storage.js'
import { dropSchemas, postgresSkipReason, TEST_DATABASE_URL, testSchemaName } from './testing/postgres-test-database.js'

const skip = await postgresSkipReason()
const schemas: string[] = []
afterAll(() => dropSchemas(schemas))

/** Each test gets a fresh schema; a pool of 5 so concurrent claims really overlap. */
const open = async () => {
  const schema = testSchemaName()
  schemas.push(schema)
  return PostgresStorage.open({ url: TEST_DATABASE_URL, schema, poolSize: 5 })
}

describeKnowledgeSourceStore('postgres', open, skip ? { skip } : {})
