import { WarblerError } from '@warbler/protocol'
import type { FriendRequestRecord, SocialStore } from '../storage.js'
import type { SqliteDatabase } from './sqlite-driver.js'
import { toFriendRequest as toRequest, type FriendRequestRow as RequestRow } from '../rows/social-rows.js'

const isConstraint = (error: unknown) => String((error as { code?: string }).code).startsWith('SQLITE_CONSTRAINT')

/** Friends, friend requests and blocks in SQLite. */
export class SqliteSocialStore implements SocialStore {
  constructor(private readonly db: SqliteDatabase) {}

  async createFriendRequest(record: FriendRequestRecord): Promise<void> {
    try {
      this.db
        .prepare('INSERT INTO friend_requests (app_id, id, from_id, to_id, message, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(record.appId, record.id, record.fromId, record.toId, record.message, record.status, record.createdAt)
    } catch (error) {
      if (isConstraint(error)) throw new WarblerError('already_exists', 'A friend request to this user is already pending.')
      throw error
    }
  }

  async getFriendRequest(appId: string, id: string): Promise<FriendRequestRecord | undefined> {
    const row = this.db.prepare('SELECT * FROM friend_requests WHERE app_id = ? AND id = ?').get(appId, id) as RequestRow | undefined
    return row && toRequest(row)
  }

  async decideFriendRequest(appId: string, id: string, status: 'accepted' | 'declined', now: number): Promise<FriendRequestRecord | undefined> {
    const row = this.db
      .prepare("UPDATE friend_requests SET status = ?, decided_at = ? WHERE app_id = ? AND id = ? AND status = 'pending' RETURNING *")
      .get(status, now, appId, id) as RequestRow | undefined
    return row && toRequest(row)
  }

  async listFriendRequests(appId: string, userId: string) {
    const incoming = this.db
      .prepare("SELECT * FROM friend_requests WHERE app_id = ? AND to_id = ? AND status = 'pending' ORDER BY created_at")
      .all(appId, userId) as RequestRow[]
    const outgoing = this.db
      .prepare("SELECT * FROM friend_requests WHERE app_id = ? AND from_id = ? AND status = 'pending' ORDER BY created_at")
      .all(appId, userId) as RequestRow[]
    return { incoming: incoming.map(toRequest), outgoing: outgoing.map(toRequest) }
  }

  async addFriendship(appId: string, userA: string, userB: string, now: number): Promise<void> {
    const insert = this.db.prepare('INSERT INTO friends (app_id, user_id, friend_id, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING')
    this.db.transaction(() => {
      insert.run(appId, userA, userB, now)
      insert.run(appId, userB, userA, now)
    })()
  }

  async removeFriendship(appId: string, userA: string, userB: string): Promise<boolean> {
    const { changes } = this.db
      .prepare('DELETE FROM friends WHERE app_id = ? AND ((user_id = ? AND friend_id = ?) OR (user_id = ? AND friend_id = ?))')
      .run(appId, userA, userB, userB, userA)
    return changes > 0
  }

  async areFriends(appId: string, userA: string, userB: string): Promise<boolean> {
    return this.db.prepare('SELECT 1 FROM friends WHERE app_id = ? AND user_id = ? AND friend_id = ?').get(appId, userA, userB) !== undefined
  }

  async listFriends(appId: string, userId: string) {
    const rows = this.db
      .prepare('SELECT friend_id, remark, created_at FROM friends WHERE app_id = ? AND user_id = ? ORDER BY friend_id')
      .all(appId, userId) as { friend_id: string; remark: string | null; created_at: number }[]
    return rows.map((row) => ({ userId: row.friend_id, remark: row.remark, createdAt: row.created_at }))
  }

  async setRemark(appId: string, userId: string, friendId: string, remark: string | null) {
    const row = this.db
      .prepare('UPDATE friends SET remark = ? WHERE app_id = ? AND user_id = ? AND friend_id = ? RETURNING friend_id, remark, created_at')
      .get(remark, appId, userId, friendId) as { friend_id: string; remark: string | null; created_at: number } | undefined
    return row && { userId: row.friend_id, remark: row.remark, createdAt: row.created_at }
  }

  async block(appId: string, userId: string, blockedId: string, now: number): Promise<void> {
    this.db.prepare('INSERT INTO blocks (app_id, user_id, blocked_id, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING').run(appId, userId, blockedId, now)
  }

  async unblock(appId: string, userId: string, blockedId: string): Promise<void> {
    this.db.prepare('DELETE FROM blocks WHERE app_id = ? AND user_id = ? AND blocked_id = ?').run(appId, userId, blockedId)
  }

  async isBlocked(appId: string, userId: string, otherId: string): Promise<boolean> {
    return this.db.prepare('SELECT 1 FROM blocks WHERE app_id = ? AND user_id = ? AND blocked_id = ?').get(appId, userId, otherId) !== undefined
  }

  async listBlocked(appId: string, userId: string): Promise<string[]> {
    return this.db.prepare('SELECT blocked_id FROM blocks WHERE app_id = ? AND user_id = ? ORDER BY blocked_id').pluck().all(appId, userId) as string[]
  }
}
