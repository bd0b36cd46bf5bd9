import type { AppRecord, AppStore } from '../storage.js'
import { toApp } from '../rows/app-row.js'
import type { StoreDatabase } from '../kysely/store-database.js'

/** Apps, on either engine. A deleted app (`deleted_at` set, its rows being purged) is never found. */
export class SqlAppStore implements AppStore {
  constructor(private readonly store: StoreDatabase) {}

  async create(app: AppRecord): Promise<void> {
    await this.store.db
      .insertInto('apps')
      .values({ id: app.id, name: app.name, secret_hash: app.secretHash, signing_key: app.signingKey, created_at: app.createdAt, settings: JSON.stringify(app.settings ?? {}) })
      .execute()
  }

  async get(appId: string): Promise<AppRecord | undefined> {
    const row = await this.store.db.selectFrom('apps').selectAll().where('id', '=', appId).where('deleted_at', 'is', null).executeTakeFirst()
    return row && toApp(row)
  }

  async getBySecretHash(secretHash: string): Promise<AppRecord | undefined> {
    const row = await this.store.db.selectFrom('apps').selectAll().where('secret_hash', '=', secretHash).where('deleted_at', 'is', null).executeTakeFirst()
    return row && toApp(row)
  }

  async list(options: { limit: number; after?: string }): Promise<AppRecord[]> {
    const rows = await this.store.db.selectFrom('apps').selectAll().where('id', '>', options.after ?? '').where('deleted_at', 'is', null).orderBy('id').limit(options.limit).execute()
    return rows.map(toApp)
  }

  async rotateSecret(appId: string, secretHash: string): Promise<boolean> {
    const result = await this.store.db.updateTable('apps').set({ secret_hash: secretHash }).where('id', '=', appId).where('deleted_at', 'is', null).executeTakeFirst()
    return result.numUpdatedRows > 0n
  }

  async updateSettings(appId: string, settings: AppRecord['settings']): Promise<boolean> {
    const result = await this.store.db.updateTable('apps').set({ settings: JSON.stringify(settings) }).where('id', '=', appId).where('deleted_at', 'is', null).executeTakeFirst()
    return result.numUpdatedRows > 0n
  }
}
