import { WarblerError } from '@warbler/protocol'
import type { FriendRequestRecord, SocialStore } from '../storage.js'
import { toFriend, toFriendRequest } from '../rows/social-rows.js'
import type { StoreDatabase } from '../kysely/store-database.js'

/** Friends, friend requests and blocks, on either engine. */
export class SqlSocialStore implements SocialStore {
  constructor(private readonly store: StoreDatabase) {}

  async createFriendRequest(record: FriendRequestRecord): Promise<void> {
    try {
      await this.store.db
        .insertInto('friend_requests')
        .values({ app_id: record.appId, id: record.id, from_id: record.fromId, to_id: record.toId, message: record.message, status: record.status, created_at: record.createdAt })
        .execute()
    } catch (error) {
      if (this.store.isUniqueViolation(error)) throw new WarblerError('already_exists', 'A friend request to this user is already pending.')
      throw error
    }
  }

  async getFriendRequest(appId: string, id: string): Promise<FriendRequestRecord | undefined> {
    const row = await this.store.db.selectFrom('friend_requests').selectAll().where('app_id', '=', appId).where('id', '=', id).executeTakeFirst()
    return row && toFriendRequest(row)
  }

  async decideFriendRequest(appId: string, id: string, status: 'accepted' | 'declined', now: number): Promise<FriendRequestRecord | undefined> {
    const row = await this.store.db
      .updateTable('friend_requests')
      .set({ status, decided_at: now })
      .where('app_id', '=', appId)
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .returningAll()
      .executeTakeFirst()
    return row && toFriendRequest(row)
  }

  async listFriendRequests(appId: string, userId: string) {
    const rows = await this.store.db
      .selectFrom('friend_requests')
      .selectAll()
      .where('app_id', '=', appId)
      .where((eb) => eb.or([eb('to_id', '=', userId), eb('from_id', '=', userId)]))
      .where('status', '=', 'pending')
      .orderBy('created_at')
      .orderBy('id')
      .execute()
    return { incoming: rows.filter((row) => row.to_id === userId).map(toFriendRequest), outgoing: rows.filter((row) => row.from_id === userId).map(toFriendRequest) }
  }

  async addFriendship(appId: string, userA: string, userB: string, now: number): Promise<void> {
    // One statement writes both directions, so no transaction is needed.
    await this.store.db
      .insertInto('friends')
      .values([
        { app_id: appId, user_id: userA, friend_id: userB, created_at: now },
        { app_id: appId, user_id: userB, friend_id: userA, created_at: now },
      ])
      .onConflict((conflict) => conflict.doNothing())
      .execute()
  }

  async removeFriendship(appId: string, userA: string, userB: string): Promise<boolean> {
    const result = await this.store.db
      .deleteFrom('friends')
      .where('app_id', '=', appId)
      .where((eb) => eb.or([eb.and([eb('user_id', '=', userA), eb('friend_id', '=', userB)]), eb.and([eb('user_id', '=', userB), eb('friend_id', '=', userA)])]))
      .executeTakeFirst()
    return result.numDeletedRows > 0n
  }

  async areFriends(appId: string, userA: string, userB: string): Promise<boolean> {
    const row = await this.store.db
      .selectFrom('friends')
      .select('friend_id')
      .where('app_id', '=', appId)
      .where('user_id', '=', userA)
      .where('friend_id', '=', userB)
      .executeTakeFirst()
    return row !== undefined
  }

  async listFriends(appId: string, userId: string) {
    const rows = await this.store.db
      .selectFrom('friends')
      .select(['friend_id', 'remark', 'created_at'])
      .where('app_id', '=', appId)
      .where('user_id', '=', userId)
      .orderBy('friend_id')
      .execute()
    return rows.map(toFriend)
  }

  async setRemark(appId: string, userId: string, friendId: string, remark: string | null) {
    const row = await this.store.db
      .updateTable('friends')
      .set({ remark })
      .where('app_id', '=', appId)
      .where('user_id', '=', userId)
      .where('friend_id', '=', friendId)
      .returning(['friend_id', 'remark', 'created_at'])
      .executeTakeFirst()
    return row && toFriend(row)
  }

  async block(appId: string, userId: string, blockedId: string, now: number): Promise<void> {
    await this.store.db
      .insertInto('blocks')
      .values({ app_id: appId, user_id: userId, blocked_id: blockedId, created_at: now })
      .onConflict((conflict) => conflict.doNothing())
      .execute()
  }

  async unblock(appId: string, userId: string, blockedId: string): Promise<void> {
    await this.store.db.deleteFrom('blocks').where('app_id', '=', appId).where('user_id', '=', userId).where('blocked_id', '=', blockedId).execute()
  }

  async isBlocked(appId: string, userId: string, otherId: string): Promise<boolean> {
    const row = await this.store.db
      .selectFrom('blocks')
      .select('blocked_id')
      .where('app_id', '=', appId)
      .where('user_id', '=', userId)
      .where('blocked_id', '=', otherId)
      .executeTakeFirst()
    return row !== undefined
  }

  async listBlocked(appId: string, userId: string): Promise<string[]> {
    const rows = await this.store.db.selectFrom('blocks').select('blocked_id').where('app_id', '=', appId).where('user_id', '=', userId).orderBy('blocked_id').execute()
    return rows.map((row) => row.blocked_id)
  }
}
