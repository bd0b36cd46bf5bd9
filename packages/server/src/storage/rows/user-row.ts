import type { Selectable } from 'kysely'
import type { UserRecord } from '../storage.js'
import type { Database } from '../kysely/database.js'

/** A `users` row. `banned` is a boolean in PostgreSQL and 0/1 in SQLite. */
export type UserRow = Selectable<Database['users']>

/** Turns a `users` row into the record the storage API returns. */
export const toUser = (row: UserRow): UserRecord => ({
  appId: row.app_id,
  id: row.id,
  name: row.name,
  kind: row.kind,
  avatarUrl: row.avatar_url,
  ext: JSON.parse(row.ext) as UserRecord['ext'],
  tokenVersion: row.token_version,
  banned: row.banned === true || row.banned === 1,
  createdAt: row.created_at,
})
