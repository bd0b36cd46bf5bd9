import { WarblerError } from '@warbler/protocol'
import type { UserRecord, UserStore } from '../storage.js'
import { toUser } from '../rows/user-row.js'
import type { StoreDatabase } from '../kysely/store-database.js'
import { sql, type SqlBool } from 'kysely'

/** Ids per `IN (...)` list: well below SQLite's bound-parameter limit. */
const IDS_PER_QUERY = 500

/** `text` with `%`, `_` and `\` matched literally in a `LIKE … ESCAPE '\'` pattern. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (match) => `\\${match}`)
}

/** Users, on either engine. */
export class SqlUserStore implements UserStore {
  constructor(private readonly store: StoreDatabase) {}

  async create(user: Omit<UserRecord, 'tokenVersion' | 'banned'>): Promise<UserRecord> {
    const result = await this.store.db
      .insertInto('users')
      .values({ app_id: user.appId, id: user.id, name: user.name, kind: user.kind, avatar_url: user.avatarUrl, ext: JSON.stringify(user.ext), created_at: user.createdAt })
      .onConflict((conflict) => conflict.doNothing())
      .executeTakeFirst()
    if (result.numInsertedOrUpdatedRows === 0n) throw new WarblerError('already_exists', `User ${user.id} already exists.`)
    return { ...user, tokenVersion: 0, banned: false }
  }

  async get(appId: string, userId: string): Promise<UserRecord | undefined> {
    const row = await this.store.db.selectFrom('users').selectAll().where('app_id', '=', appId).where('id', '=', userId).executeTakeFirst()
    return row && toUser(row)
  }

  async existing(appId: string, userIds: readonly string[]): Promise<Set<string>> {
    const found = new Set<string>()
    for (let start = 0; start < userIds.length; start += IDS_PER_QUERY) {
      const slice = userIds.slice(start, start + IDS_PER_QUERY)
      const rows = await this.store.db.selectFrom('users').select('id').where('app_id', '=', appId).where('id', 'in', slice).execute()
      for (const row of rows) found.add(row.id)
    }
    return found
  }

  async list(appId: string, options: { limit: number; after?: string }): Promise<UserRecord[]> {
    const rows = await this.store.db
      .selectFrom('users')
      .selectAll()
      .where('app_id', '=', appId)
      .where('id', '>', options.after ?? '')
      .orderBy('id')
      .limit(options.limit)
      .execute()
    return rows.map(toUser)
  }

  async searchPeople(appId: string, options: { query?: string; ids?: readonly string[]; excludeIdPrefix?: string; limit: number }): Promise<UserRecord[]> {
    if (options.ids && options.ids.length === 0) return []
    const text = options.query?.trim().toLowerCase()
    const pattern = text ? `%${escapeLike(text)}%` : undefined
    const rows = await this.store.db
      .selectFrom('users')
      .selectAll()
      .where('app_id', '=', appId)
      .where('banned', '=', false)
      .$if(options.ids !== undefined, (q) => q.where('id', 'in', options.ids!.slice(0, IDS_PER_QUERY)))
      .$if(pattern !== undefined, (q) => q.where((eb) => eb.or([sql<SqlBool>`lower(${sql.ref('name')}) LIKE ${pattern} ESCAPE '\\'`, sql<SqlBool>`lower(${sql.ref('id')}) LIKE ${pattern} ESCAPE '\\'`])))
      .$if(Boolean(options.excludeIdPrefix), (q) => q.where(sql<SqlBool>`${sql.ref('id')} NOT LIKE ${`${escapeLike(options.excludeIdPrefix!)}%`} ESCAPE '\\'`))
      .orderBy(sql`lower(${sql.ref('name')})`)
      .orderBy(this.store.byteOrder('id'))
      .limit(options.limit)
      .execute()
    return rows.map(toUser)
  }

  async update(appId: string, userId: string, patch: Partial<Pick<UserRecord, 'name' | 'avatarUrl' | 'ext' | 'banned'>>): Promise<UserRecord | undefined> {
    const changes = {
      ...(patch.name !== undefined && { name: patch.name }),
      ...(patch.avatarUrl !== undefined && { avatar_url: patch.avatarUrl }),
      ...(patch.ext !== undefined && { ext: JSON.stringify(patch.ext) }),
      ...(patch.banned !== undefined && { banned: patch.banned }),
    }
    if (Object.keys(changes).length === 0) return this.get(appId, userId)
    // One statement setting only the patched columns, so two concurrent patches of different fields do not undo each other.
    const row = await this.store.db.updateTable('users').set(changes).where('app_id', '=', appId).where('id', '=', userId).returningAll().executeTakeFirst()
    return row && toUser(row)
  }

  async bumpTokenVersion(appId: string, userId: string): Promise<number | undefined> {
    const row = await this.store.db
      .updateTable('users')
      .set((eb) => ({ token_version: eb('token_version', '+', 1) }))
      .where('app_id', '=', appId)
      .where('id', '=', userId)
      .returning('token_version')
      .executeTakeFirst()
    return row?.token_version
  }
}
