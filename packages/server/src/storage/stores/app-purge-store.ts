import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import type { AppPurgeStore, PurgeFile, PurgeTable } from '../app-purge-store.js'
import type { StoreDatabase } from '../kysely/store-database.js'

/** Tables the purge leaves: the audit record (chain, the console's view of it), the key markers, the app row. */
const KEPT = new Set(['apps', 'app_keys', 'audit_chain', 'audit_personal', 'audit_log'])
/** Tables other tables refer to by foreign key: purged after every other, in this order. */
const REFERRED = ['webhooks', 'conversations', 'users']

/** A table as the engine needs it for a batched delete. */
interface Table extends PurgeTable {
  /** SQLite `WITHOUT ROWID` tables: delete by their primary key columns instead of `rowid`. */
  key?: readonly string[]
}

/** The app purge, written once for both engines (batched deletes by `rowid` on SQLite, `ctid` on PostgreSQL). */
export class SqlAppPurgeStore implements AppPurgeStore {
  #tables?: Promise<Table[]>

  constructor(private readonly store: StoreDatabase) {}

  async markDeleted(appId: string, at: number): Promise<boolean> {
    const unusable = () => `deleted:${randomBytes(32).toString('base64url')}`
    const result = await this.store.db
      .updateTable('apps')
      .set({ deleted_at: at, secret_hash: unusable(), signing_key: randomBytes(32).toString('base64url') })
      .where('id', '=', appId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst()
    return Number(result.numUpdatedRows) > 0
  }

  async deletedAt(appId: string): Promise<number | undefined> {
    const row = await this.store.db.selectFrom('apps').select('deleted_at').where('id', '=', appId).where('deleted_at', 'is not', null).executeTakeFirst()
    return row?.deleted_at === null || row === undefined ? undefined : Number(row.deleted_at)
  }

  async pendingDeletions(): Promise<{ appId: string; deletedAt: number }[]> {
    const rows = await this.store.db.selectFrom('apps').select(['id', 'deleted_at']).where('deleted_at', 'is not', null).orderBy('deleted_at').execute()
    return rows.map((row) => ({ appId: row.id, deletedAt: Number(row.deleted_at) }))
  }

  tables(): Promise<readonly PurgeTable[]> {
    this.#tables ??= this.#discover().catch((error: unknown) => {
      this.#tables = undefined
      throw error
    })
    return this.#tables
  }

  async deleteBatch(table: PurgeTable, appId: string, limit: number): Promise<number> {
    const known = (await this.tables()).find((candidate) => candidate.name === table.name) as Table | undefined
    if (!known) throw new Error(`${table.name} is not a table the purge knows`)
    const name = sql.table(known.name)
    let statement
    if (this.store.engine === 'postgres') {
      statement = sql`DELETE FROM ${name} WHERE ctid IN (SELECT ctid FROM ${name} WHERE app_id = ${appId} LIMIT ${limit})`
    } else if (known.key) {
      const columns = sql.join(known.key.map((column) => sql.ref(column)))
      statement = sql`DELETE FROM ${name} WHERE (${columns}) IN (SELECT ${columns} FROM ${name} WHERE app_id = ${appId} LIMIT ${limit})`
    } else {
      statement = sql`DELETE FROM ${name} WHERE rowid IN (SELECT rowid FROM ${name} WHERE app_id = ${appId} LIMIT ${limit})`
    }
    const result = await statement.execute(this.store.db)
    return Number(result.numAffectedRows ?? 0n)
  }

  async files(appId: string, limit: number, after = ''): Promise<PurgeFile[]> {
    const rows = await this.store.db
      .selectFrom('files')
      .select(['id', 'storage_key', 'thumbnail_key'])
      .where('app_id', '=', appId)
      .where('id', '>', after)
      .orderBy(this.store.byteOrder('id'))
      .limit(limit)
      .execute()
    return rows.map((row) => ({ id: row.id, storageKey: row.storage_key, thumbnailKey: row.thumbnail_key ?? null }))
  }

  async exportPaths(appId: string): Promise<string[]> {
    const rows = await this.store.db.selectFrom('export_jobs').select('path').where('app_id', '=', appId).where('path', 'is not', null).execute()
    return rows.map((row) => row.path!)
  }

  async erasePersonal(appId: string, keepActions: readonly string[]): Promise<number> {
    let query = this.store.db.deleteFrom('audit_personal').where('app_id', '=', appId)
    if (keepActions.length > 0) {
      query = query.where('seq', 'not in', this.store.db.selectFrom('audit_chain').select('seq').where('app_id', '=', appId).where('action', 'in', [...keepActions]))
    }
    return Number((await query.executeTakeFirst()).numDeletedRows)
  }

  async removeApp(appId: string): Promise<boolean> {
    const result = await this.store.db.deleteFrom('apps').where('id', '=', appId).where('deleted_at', 'is not', null).executeTakeFirst()
    return Number(result.numDeletedRows) > 0
  }

  /** Every table with an `app_id` column, from the schema itself. */
  async #discover(): Promise<Table[]> {
    let tables: Table[]
    if (this.store.engine === 'postgres') {
      const { rows } = await sql<{ name: string }>`
        SELECT c.table_name AS name FROM information_schema.columns c
        JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
        WHERE c.table_schema = current_schema() AND c.column_name = 'app_id'`.execute(this.store.db)
      tables = rows.map((row) => ({ name: row.name }))
    } else {
      const { rows } = await sql<{ name: string; sql: string | null }>`
        SELECT m.name AS name, m.sql AS sql FROM sqlite_master m
        WHERE m.type = 'table' AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) p WHERE p.name = 'app_id')`.execute(this.store.db)
      tables = []
      for (const row of rows) {
        if (!/without\s+rowid/i.test(row.sql ?? '')) {
          tables.push({ name: row.name })
          continue
        }
        const { rows: key } = await sql<{ name: string }>`SELECT name FROM pragma_table_info(${row.name}) WHERE pk > 0 ORDER BY pk`.execute(this.store.db)
        tables.push({ name: row.name, key: key.map((column) => column.name) })
      }
    }
    const rank = (name: string) => REFERRED.indexOf(name)
    return tables
      .filter((table) => !KEPT.has(table.name))
      .sort((a, b) => rank(a.name) - rank(b.name) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  }
}
