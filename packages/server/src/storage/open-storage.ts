import { join } from 'node:path'
import type { ServerConfig } from '../config/config.js'
import { SqliteStorage } from './sqlite/sqlite-storage.js'
import type { Storage } from './storage.js'

/** Opens the storage the configuration names: SQLite in the data dir unless a database URL is set. */
export async function openStorage(config: ServerConfig): Promise<Storage> {
  if (config.databaseUrl) {
    throw new Error('WARBLER_DATABASE_URL is set, but this build has no PostgreSQL storage yet; unset it to use SQLite.')
  }
  return SqliteStorage.open({ filename: join(config.dataDir, 'warbler.db'), synchronous: config.sqliteSynchronous })
}
