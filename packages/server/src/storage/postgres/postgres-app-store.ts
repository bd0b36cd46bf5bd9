import type { AppRecord, AppStore } from '../storage.js'
import type { PgQueryable } from './postgres-driver.js'
import { toApp, type AppRow } from '../rows/app-row.js'

/** Apps in PostgreSQL. */
export class PostgresAppStore implements AppStore {
  constructor(private readonly db: PgQueryable) {}

  async create(app: AppRecord): Promise<void> {
    await this.db.query('INSERT INTO apps (id, name, secret_hash, signing_key, created_at, settings) VALUES ($1, $2, $3, $4, $5, $6)', [
      app.id,
      app.name,
      app.secretHash,
      app.signingKey,
      app.createdAt,
      JSON.stringify(app.settings ?? {}),
    ])
  }

  async get(appId: string): Promise<AppRecord | undefined> {
    const { rows } = await this.db.query<AppRow>('SELECT * FROM apps WHERE id = $1', [appId])
    return rows[0] && toApp(rows[0])
  }

  async getBySecretHash(secretHash: string): Promise<AppRecord | undefined> {
    const { rows } = await this.db.query<AppRow>('SELECT * FROM apps WHERE secret_hash = $1', [secretHash])
    return rows[0] && toApp(rows[0])
  }

  async list(options: { limit: number; after?: string }): Promise<AppRecord[]> {
    const { rows } = await this.db.query<AppRow>('SELECT * FROM apps WHERE id > $1 ORDER BY id LIMIT $2', [options.after ?? '', options.limit])
    return rows.map(toApp)
  }

  async rotateSecret(appId: string, secretHash: string): Promise<boolean> {
    const { rowCount } = await this.db.query('UPDATE apps SET secret_hash = $1 WHERE id = $2', [secretHash, appId])
    return (rowCount ?? 0) > 0
  }

  async updateSettings(appId: string, settings: AppRecord['settings']): Promise<boolean> {
    const { rowCount } = await this.db.query('UPDATE apps SET settings = $1 WHERE id = $2', [JSON.stringify(settings), appId])
    return (rowCount ?? 0) > 0
  }
}
