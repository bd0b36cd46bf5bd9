import { afterAll } from 'vitest'
import { describeAppKeyStore } from '../testing/app-key-store-conformance.js'
import { PostgresStorage } from './postgres-storage.js'
import { dropSchemas, postgresSkipReason, TEST_DATABASE_URL, testSchemaName } from './testing/postgres-test-database.js'

const skip = await postgresSkipReason()
const schemas: string[] = []
afterAll(() => dropSchemas(schemas))

describeAppKeyStore(
  'postgres',
  async () => {
    const schema = testSchemaName()
    schemas.push(schema)
    return PostgresStorage.open({ url: TEST_DATABASE_URL, schema, poolSize: 5 })
  },
  skip ? { skip } : {},
)
