import type { SettingStore } from '../storage.js'
import type { PgQueryable } from './postgres-driver.js'

/** Server settings in PostgreSQL. */
export class PostgresSettingStore implements SettingStore {
  constructor(private readonly db: PgQueryable) {}

  async get(key: string): Promise<string | undefined> {
    const { rows } = await this.db.query<{ value: string }>('SELECT value FROM settings WHERE key = $1', [key])
    return rows[0]?.value
  }

  async setIfAbsent(key: string, value: string): Promise<string> {
    // The no-op update makes RETURNING yield the stored row when the key already exists.
    const { rows } = await this.db.query<{ value: string }>(
      'INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = settings.value RETURNING value',
      [key, value],
    )
    return rows[0]!.value
  }

  async set(key: string, value: string): Promise<void> {
    await this.db.query('INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value])
  }
}
