import type { FriendRequestRecord } from '../storage.js'

/** A `friend_requests` row. */
export interface FriendRequestRow {
  app_id: string
  id: string
  from_id: string
  to_id: string
  message: string | null
  status: FriendRequestRecord['status']
  created_at: number
}

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
export interface FriendRow {
  friend_id: string
  remark: string | null
  created_at: number
}

/** Turns a `friends` row into a friend entry. */
export const toFriend = (row: FriendRow) => ({ userId: row.friend_id, remark: row.remark, createdAt: row.created_at })
