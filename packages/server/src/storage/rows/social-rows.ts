import type { Selectable } from 'kysely'
import type { FriendRequestRecord } from '../storage.js'
import type { Database } from '../kysely/database.js'

/** A `friend_requests` row. */
export type FriendRequestRow = Selectable<Database['friend_requests']>

/** Turns a `friend_requests` row into a record. */
export const toFriendRequest = (row: FriendRequestRow): FriendRequestRecord => ({
  appId: row.app_id,
  id: row.id,
  fromId: row.from_id,
  toId: row.to_id,
  message: row.message,
  status: row.status,
  createdAt: row.created_at,
})

/** A `friends` row as the friend list reads it. */
export type FriendRow = Pick<Selectable<Database['friends']>, 'friend_id' | 'remark' | 'created_at'>

/** Turns a `friends` row into a friend entry. */
export const toFriend = (row: FriendRow) => ({ userId: row.friend_id, remark: row.remark, createdAt: row.created_at })
