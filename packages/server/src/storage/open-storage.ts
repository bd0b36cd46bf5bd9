import { join } from 'node:path'
import type { ServerConfig } from '../config/config.js'
import { SqliteStorage } from './sqlite/sqlite-storage.js'
import type { Storage } from './storage.js'

/**
 * Opens the storage the configuration names: SQLite in the data dir unless a database URL is set.
 * `WARBLER_DATABASE_URL=postgres://user@host/db?schema=warbler&pool_size=20` selects PostgreSQL
 * (`schema` and `pool_size` are optional; the PostgreSQL code and `pg` load only then).
 */
export async function openStorage(config: ServerConfig): Promise<Storage> {
  if (config.databaseUrl) {
    if (!/^postgres(ql)?:\/\//.test(config.databaseUrl)) throw new Error('WARBLER_DATABASE_URL must start with postgres:// or postgresql://')
    const { PostgresStorage } = await import('./postgres/postgres-storage.js')
    return PostgresStorage.open({ url: config.databaseUrl })
  }
  return SqliteStorage.open({ filename: join(config.dataDir, 'warbler.db'), synchronous: config.sqliteSynchronous, writer: config.sqliteWriter })
}
