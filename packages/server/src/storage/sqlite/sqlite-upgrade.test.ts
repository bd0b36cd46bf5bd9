import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll } from 'vitest'
import { describeUpgradeOfFeatureTables } from '../testing/feature-upgrade-conformance.js'
import { describeUpgradeFrom14290a9, type UpgradeTarget } from '../testing/upgrade-conformance.js'
import { openSqliteDatabase } from './sqlite-driver.js'
import { migrateSqlite } from './sqlite-migrator.js'
import { SqliteStorage } from './sqlite-storage.js'

const directory = mkdtempSync(join(tmpdir(), 'warbler-upgrade-'))
let counter = 0
afterAll(() => rmSync(directory, { recursive: true, force: true }))

const sqliteTarget = async (): Promise<UpgradeTarget> => {
  const filename = join(directory, `old-${counter++}.db`)
  return {
    async createOld(migrations) {
      const db = await openSqliteDatabase(filename)
      migrateSqlite(db, migrations)
      return {
        run: async (statement, params) => void db.prepare(statement).run(...params),
        close: async () => void db.close(),
      }
    },
    openCurrent: () => SqliteStorage.open({ filename, writer: 'inline' }),
    flag: (value) => (value ? 1 : 0),
  }
}

describeUpgradeFrom14290a9('sqlite (file)', sqliteTarget)
describeUpgradeOfFeatureTables('sqlite (file)', sqliteTarget)
