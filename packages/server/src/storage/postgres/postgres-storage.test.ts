import { afterAll } from 'vitest'
import { describeBotStore } from '../testing/bot-store-conformance.js'
import { describeConsoleStore } from '../testing/console-store-conformance.js'
import { describeFileStore } from '../testing/file-store-conformance.js'
import { describeStorage } from '../testing/storage-conformance.js'
import { describeWebhookStore } from '../testing/webhook-store-conformance.js'
import { describeUpgradeOfFeatureTables } from '../testing/feature-upgrade-conformance.js'
import { describeUpgradeFrom14290a9, type UpgradeTarget } from '../testing/upgrade-conformance.js'
import { PostgresStorage } from './postgres-storage.js'
import { dropSchemas, postgresSkipReason, TEST_DATABASE_URL, testSchemaName } from './testing/postgres-test-database.js'

const skip = await postgresSkipReason()
const schemas: string[] = []
afterAll(() => dropSchemas(schemas))

/** Each test gets a fresh schema, as the SQLite suites get a fresh file. */
const open = async () => {
  const schema = testSchemaName()
  schemas.push(schema)
  return PostgresStorage.open({ url: TEST_DATABASE_URL, schema, poolSize: 5 })
}
const options = skip ? { skip } : {}

describeStorage('postgres', open, options)
describeWebhookStore('postgres', open, options)
describeFileStore('postgres', open, options)
describeConsoleStore('postgres', open, options)
describeBotStore('postgres', open, options)

const postgresTarget = async (): Promise<UpgradeTarget> => {
  const schema = testSchemaName()
  schemas.push(schema)
  return {
    async createOld(migrations) {
      const old = await PostgresStorage.open({ url: TEST_DATABASE_URL, schema, poolSize: 2, migrations })
      await old.migrate()
      return {
        async run(statement, params) {
          let n = 0
          await old.pool.query(statement.replace(/\?/g, () => `$${++n}`), [...params])
        },
        close: () => old.close(),
      }
    },
    openCurrent: () => PostgresStorage.open({ url: TEST_DATABASE_URL, schema, poolSize: 2 }),
    flag: (value) => value,
  }
}

describeUpgradeFrom14290a9('postgres', postgresTarget, options)
describeUpgradeOfFeatureTables('postgres', postgresTarget, options)
