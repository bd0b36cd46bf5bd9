import { WarblerError } from '@warbler/protocol'
import type { FriendRequestRecord, SocialStore } from '../storage.js'
import { inTransaction, pgErrorCode, type PgPool } from './postgres-driver.js'
import { toFriend, toFriendRequest as toRequest, type FriendRequestRow as RequestRow, type FriendRow } from '../rows/social-rows.js'

/** Friends, friend requests and blocks in PostgreSQL. */
export class PostgresSocialStore implements SocialStore {
  constructor(private readonly pool: PgPool) {}

  async createFriendRequest(record: FriendRequestRecord): Promise<void> {
    try {
      await this.pool.query('INSERT INTO friend_requests (app_id, id, from_id, to_id, message, status, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
        record.appId,
        record.id,
        record.fromId,
        record.toId,
        record.message,
        record.status,
        record.createdAt,
      ])
    } catch (error) {
      if (pgErrorCode(error) === '23505') throw new WarblerError('already_exists', 'A friend request to this user is already pending.')
      throw error
    }
  }

  async getFriendRequest(appId: string, id: string): Promise<FriendRequestRecord | undefined> {
    const { rows } = await this.pool.query<RequestRow>('SELECT * FROM friend_requests WHERE app_id = $1 AND id = $2', [appId, id])
    return rows[0] && toRequest(rows[0])
  }

  async decideFriendRequest(appId: string, id: string, status: 'accepted' | 'declined', now: number): Promise<FriendRequestRecord | undefined> {
    const { rows } = await this.pool.query<RequestRow>(
      "UPDATE friend_requests SET status = $1, decided_at = $2 WHERE app_id = $3 AND id = $4 AND status = 'pending' RETURNING *",
      [status, now, appId, id],
    )
    return rows[0] && toRequest(rows[0])
  }

  async listFriendRequests(appId: string, userId: string) {
    const { rows } = await this.pool.query<RequestRow>(
      "SELECT * FROM friend_requests WHERE app_id = $1 AND (to_id = $2 OR from_id = $2) AND status = 'pending' ORDER BY created_at, id",
      [appId, userId],
    )
    return { incoming: rows.filter((row) => row.to_id === userId).map(toRequest), outgoing: rows.filter((row) => row.from_id === userId).map(toRequest) }
  }

  async addFriendship(appId: string, userA: string, userB: string, now: number): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      await client.query(
        'INSERT INTO friends (app_id, user_id, friend_id, created_at) VALUES ($1, $2, $3, $4), ($1, $3, $2, $4) ON CONFLICT DO NOTHING',
        [appId, userA, userB, now],
      )
    })
  }

  async removeFriendship(appId: string, userA: string, userB: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      'DELETE FROM friends WHERE app_id = $1 AND ((user_id = $2 AND friend_id = $3) OR (user_id = $3 AND friend_id = $2))',
      [appId, userA, userB],
    )
    return (rowCount ?? 0) > 0
  }

  async areFriends(appId: string, userA: string, userB: string): Promise<boolean> {
    const { rows } = await this.pool.query('SELECT 1 FROM friends WHERE app_id = $1 AND user_id = $2 AND friend_id = $3', [appId, userA, userB])
    return rows.length > 0
  }

  async listFriends(appId: string, userId: string) {
    const { rows } = await this.pool.query<FriendRow>('SELECT friend_id, remark, created_at FROM friends WHERE app_id = $1 AND user_id = $2 ORDER BY friend_id', [
      appId,
      userId,
    ])
    return rows.map(toFriend)
  }

  async setRemark(appId: string, userId: string, friendId: string, remark: string | null) {
    const { rows } = await this.pool.query<FriendRow>(
      'UPDATE friends SET remark = $1 WHERE app_id = $2 AND user_id = $3 AND friend_id = $4 RETURNING friend_id, remark, created_at',
      [remark, appId, userId, friendId],
    )
    return rows[0] && toFriend(rows[0])
  }

  async block(appId: string, userId: string, blockedId: string, now: number): Promise<void> {
    await this.pool.query('INSERT INTO blocks (app_id, user_id, blocked_id, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [appId, userId, blockedId, now])
  }

  async unblock(appId: string, userId: string, blockedId: string): Promise<void> {
    await this.pool.query('DELETE FROM blocks WHERE app_id = $1 AND user_id = $2 AND blocked_id = $3', [appId, userId, blockedId])
  }

  async isBlocked(appId: string, userId: string, otherId: string): Promise<boolean> {
    const { rows } = await this.pool.query('SELECT 1 FROM blocks WHERE app_id = $1 AND user_id = $2 AND blocked_id = $3', [appId, userId, otherId])
    return rows.length > 0
  }

  async listBlocked(appId: string, userId: string): Promise<string[]> {
    const { rows } = await this.pool.query<{ blocked_id: string }>('SELECT blocked_id FROM blocks WHERE app_id = $1 AND user_id = $2 ORDER BY blocked_id', [appId, userId])
    return rows.map((row) => row.blocked_id)
  }
}
