import type { SettingStore } from '../storage.js'
import type { StoreDatabase } from '../kysely/store-database.js'

/** Server-wide settings, on either engine. */
export class SqlSettingStore implements SettingStore {
  constructor(private readonly store: StoreDatabase) {}

  async get(key: string): Promise<string | undefined> {
    const row = await this.store.db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst()
    return row?.value
  }

  async setIfAbsent(key: string, value: string): Promise<string> {
    // The no-op update makes RETURNING yield the stored row when the key already exists.
    const row = await this.store.db
      .insertInto('settings')
      .values({ key, value })
      .onConflict((conflict) => conflict.column('key').doUpdateSet((eb) => ({ value: eb.ref('settings.value') })))
      .returning('value')
      .executeTakeFirstOrThrow()
    return row.value
  }

  async set(key: string, value: string): Promise<void> {
    await this.store.db
      .insertInto('settings')
      .values({ key, value })
      .onConflict((conflict) => conflict.column('key').doUpdateSet((eb) => ({ value: eb.ref('excluded.value') })))
      .execute()
  }
}
