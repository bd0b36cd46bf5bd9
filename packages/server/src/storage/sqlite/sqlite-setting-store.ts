import type { SettingStore } from '../storage.js'
import type { SqliteDatabase } from './sqlite-driver.js'

/** Server settings in SQLite. */
export class SqliteSettingStore implements SettingStore {
  private readonly select
  private readonly insertIfAbsent
  private readonly upsert

  constructor(db: SqliteDatabase) {
    this.select = db.prepare('SELECT value FROM settings WHERE key = ?')
    this.insertIfAbsent = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT DO NOTHING')
    this.upsert = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
  }

  async get(key: string): Promise<string | undefined> {
    return (this.select.get(key) as { value: string } | undefined)?.value
  }

  async setIfAbsent(key: string, value: string): Promise<string> {
    this.insertIfAbsent.run(key, value)
    return (this.select.get(key) as { value: string }).value
  }

  async set(key: string, value: string): Promise<void> {
    this.upsert.run(key, value)
  }
}
