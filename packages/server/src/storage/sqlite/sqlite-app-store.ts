import type { AppRecord, AppStore } from '../storage.js'
import type { SqliteDatabase } from './sqlite-driver.js'
import { toApp, type AppRow } from '../rows/app-row.js'

/** Apps in SQLite. */
export class SqliteAppStore implements AppStore {
  private readonly insert
  private readonly byId
  private readonly bySecret
  private readonly page
  private readonly updateSecret
  private readonly updateSettingsStatement

  constructor(db: SqliteDatabase) {
    this.insert = db.prepare('INSERT INTO apps (id, name, secret_hash, signing_key, created_at, settings) VALUES (?, ?, ?, ?, ?, ?)')
    this.byId = db.prepare('SELECT * FROM apps WHERE id = ?')
    this.bySecret = db.prepare('SELECT * FROM apps WHERE secret_hash = ?')
    this.page = db.prepare('SELECT * FROM apps WHERE id > ? ORDER BY id LIMIT ?')
    this.updateSecret = db.prepare('UPDATE apps SET secret_hash = ? WHERE id = ?')
    this.updateSettingsStatement = db.prepare('UPDATE apps SET settings = ? WHERE id = ?')
  }

  async create(app: AppRecord): Promise<void> {
    this.insert.run(app.id, app.name, app.secretHash, app.signingKey, app.createdAt, JSON.stringify(app.settings ?? {}))
  }

  async get(appId: string): Promise<AppRecord | undefined> {
    const row = this.byId.get(appId) as AppRow | undefined
    return row && toApp(row)
  }

  async getBySecretHash(secretHash: string): Promise<AppRecord | undefined> {
    const row = this.bySecret.get(secretHash) as AppRow | undefined
    return row && toApp(row)
  }

  async list(options: { limit: number; after?: string }): Promise<AppRecord[]> {
    return (this.page.all(options.after ?? '', options.limit) as AppRow[]).map(toApp)
  }

  async updateSettings(appId: string, settings: AppRecord['settings']): Promise<boolean> {
    return this.updateSettingsStatement.run(JSON.stringify(settings), appId).changes > 0
  }

  async rotateSecret(appId: string, secretHash: string): Promise<boolean> {
    return this.updateSecret.run(secretHash, appId).changes > 0
  }
}
