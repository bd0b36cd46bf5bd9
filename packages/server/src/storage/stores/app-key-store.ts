import type { Selectable } from 'kysely'
import type { AppKeyRecord, AppKeyStore } from '../app-key-store.js'
import type { Database } from '../kysely/database.js'
import type { StoreDatabase } from '../kysely/store-database.js'

const toRecord = (row: Selectable<Database['app_keys']>): AppKeyRecord => ({
  appId: row.app_id,
  wrapped: row.wrapped,
  masterKeyId: row.master_key_id,
  createdAt: Number(row.created_at),
  rewrappedAt: row.rewrapped_at === null ? null : Number(row.rewrapped_at),
  destroyedAt: row.destroyed_at === null ? null : Number(row.destroyed_at),
})

/** The app data key store, written once for both engines. */
export class SqlAppKeyStore implements AppKeyStore {
  constructor(private readonly store: StoreDatabase) {}

  async get(appId: string): Promise<AppKeyRecord | undefined> {
    const row = await this.store.db.selectFrom('app_keys').selectAll().where('app_id', '=', appId).executeTakeFirst()
    return row && toRecord(row)
  }

  async createIfAbsent(record: { appId: string; wrapped: string; masterKeyId: string; createdAt: number }): Promise<AppKeyRecord> {
    await this.store.db
      .insertInto('app_keys')
      .values({ app_id: record.appId, wrapped: record.wrapped, master_key_id: record.masterKeyId, created_at: record.createdAt, rewrapped_at: null, destroyed_at: null })
      .onConflict((conflict) => conflict.column('app_id').doNothing())
      .execute()
    const kept = await this.get(record.appId)
    if (!kept) throw new Error(`The data key of app ${record.appId} was not stored`)
    return kept
  }

  async listNotWrappedBy(masterKeyId: string, options: { limit: number; after?: string }): Promise<AppKeyRecord[]> {
    let query = this.store.db
      .selectFrom('app_keys')
      .selectAll()
      .where('wrapped', 'is not', null)
      .where('master_key_id', '!=', masterKeyId)
      .orderBy(this.store.byteOrder('app_id'))
      .limit(options.limit)
    if (options.after !== undefined) query = query.where('app_id', '>', options.after)
    return (await query.execute()).map(toRecord)
  }

  async rewrap(appId: string, expectedWrapped: string, next: { wrapped: string; masterKeyId: string; at: number }): Promise<boolean> {
    const result = await this.store.db
      .updateTable('app_keys')
      .set({ wrapped: next.wrapped, master_key_id: next.masterKeyId, rewrapped_at: next.at })
      .where('app_id', '=', appId)
      .where('wrapped', '=', expectedWrapped)
      .executeTakeFirst()
    return Number(result.numUpdatedRows) > 0
  }

  async destroy(appId: string, at: number): Promise<boolean> {
    return this.store.transaction(async (trx) => {
      const updated = await trx
        .updateTable('app_keys')
        .set({ wrapped: null, master_key_id: null, destroyed_at: at })
        .where('app_id', '=', appId)
        .where('destroyed_at', 'is', null)
        .executeTakeFirst()
      if (Number(updated.numUpdatedRows) > 0) return true
      // An app that never sealed anything still gets the marker, so no key is created for it later.
      await trx
        .insertInto('app_keys')
        .values({ app_id: appId, wrapped: null, master_key_id: null, created_at: at, rewrapped_at: null, destroyed_at: at })
        .onConflict((conflict) => conflict.column('app_id').doNothing())
        .execute()
      return false
    })
  }
}
