import { WarblerError, type MemberRole } from '@warbler/protocol'
import { sql, type AliasedRawBuilder, type Expression, type Selectable } from 'kysely'
import type { ConversationRecord, ConversationStore, JoinRequestRecord, MemberRecord } from '../storage.js'
import type { Database } from '../kysely/database.js'
import type { Queries, StoreDatabase } from '../kysely/store-database.js'
import { MEMBER_COLUMN_LIST, toConversation, toJoinRequest, toMember, type ConversationRow } from '../rows/conversation-rows.js'

/** Rows per multi-row INSERT or ids per `IN (...)` list: well below SQLite's bound-parameter limit. */
const ROWS_PER_STATEMENT = 500

/** The unique key of a direct conversation between two users. */
export function directKeyOf(userA: string, userB: string): string {
  return userA < userB ? `${userA}\u0000${userB}` : `${userB}\u0000${userA}`
}

/** A `members` row as a table expression selects it. */
export type MembersTable = Selectable<Database['members']>

/** What the conversation store needs to know of its engine beyond {@link StoreDatabase}. */
export interface ConversationDialect {
  /**
   * `members` aliased `m`, the table a user's memberships are read from (joined with their
   * conversations). SQLite names the user index here (see `sqlite/sqlite-conversation-dialect.ts`).
   */
  readonly userMembers: AliasedRawBuilder<MembersTable, 'm'>
  /** The direct key as the `direct_key` column holds it. */
  encodeDirectKey(key: string): string
  /** Reverses {@link encodeDirectKey}. */
  decodeDirectKey(stored: string): string
}

type NewGroup = Omit<ConversationRecord, 'lastSeq' | 'memberCount' | 'directKey' | 'lastMessageSeq' | 'lastActivityAt' | 'dissolvedAt'>

const chunks = <T>(items: readonly T[]): T[][] =>
  Array.from({ length: Math.ceil(items.length / ROWS_PER_STATEMENT) }, (_, index) => items.slice(index * ROWS_PER_STATEMENT, (index + 1) * ROWS_PER_STATEMENT))

/** `a` if it is smaller, else `b` (SQLite spells it MIN(a, b), PostgreSQL LEAST(a, b)). */
const smaller = (a: Expression<unknown>, b: Expression<unknown>) => sql<number>`CASE WHEN ${a} < ${b} THEN ${a} ELSE ${b} END`
/** `a` if it is larger, else `b`. */
const larger = (a: Expression<unknown>, b: Expression<unknown>) => sql<number>`CASE WHEN ${a} > ${b} THEN ${a} ELSE ${b} END`

/**
 * Conversations, members and join requests, on either engine. Transactions await only their own
 * queries (`StoreDatabase.transaction`); on PostgreSQL `addMembers` locks the conversation row, so
 * the `lastSeq` new members start from cannot move under a concurrent append.
 */
export class SqlConversationStore implements ConversationStore {
  constructor(
    private readonly store: StoreDatabase,
    private readonly dialect: ConversationDialect,
  ) {}

  private readonly toRecord = (row: ConversationRow): ConversationRecord => toConversation(row, this.dialect.decodeDirectKey)

  async getOrCreateDirect(appId: string, id: string, userA: string, userB: string, now: number): Promise<ConversationRecord> {
    const existing = await this.findDirect(appId, userA, userB)
    if (existing) return existing
    const members = userA === userB ? [userA] : [userA, userB]
    try {
      await this.store.transaction(async (trx) => {
        await trx
          .insertInto('conversations')
          .values({ app_id: appId, id, kind: 'direct', direct_key: this.dialect.encodeDirectKey(directKeyOf(userA, userB)), member_count: members.length, ext: '{}', created_at: now, settings: '{}', last_activity_at: now, name: null, owner_id: null, dissolved_at: null })
          .execute()
        await trx
          .insertInto('members')
          .values(members.map((userId) => ({ app_id: appId, conversation_id: id, user_id: userId, role: 'member' as const, joined_at: now, muted_until: null })))
          .execute()
      })
    } catch (error) {
      // Another node (or call) created the pair's conversation first: return theirs.
      if (!this.store.isUniqueViolation(error)) throw error
      const theirs = await this.findDirect(appId, userA, userB)
      if (theirs) return theirs
      throw error
    }
    const stored = await this.get(appId, id)
    if (!stored) throw new Error(`direct conversation ${id} vanished after creation`)
    return stored
  }

  async findDirect(appId: string, userA: string, userB: string): Promise<ConversationRecord | undefined> {
    const row = await this.store.db
      .selectFrom('conversations')
      .selectAll()
      .where('app_id', '=', appId)
      .where('direct_key', '=', this.dialect.encodeDirectKey(directKeyOf(userA, userB)))
      .executeTakeFirst()
    return row && this.toRecord(row)
  }

  async createGroup(record: NewGroup, members: readonly { userId: string; role: MemberRole }[]): Promise<ConversationRecord> {
    try {
      const row = await this.store.transaction(async (trx) => {
        await trx
          .insertInto('conversations')
          .values({
            app_id: record.appId,
            id: record.id,
            kind: record.kind,
            name: record.name,
            owner_id: record.ownerId,
            direct_key: null,
            member_count: 0,
            ext: JSON.stringify(record.ext),
            created_at: record.createdAt,
            settings: JSON.stringify(record.settings ?? {}),
            last_activity_at: record.createdAt,
            dissolved_at: null,
          })
          .execute()
        let count = 0
        for (const slice of chunks(members)) {
          const result = await trx
            .insertInto('members')
            .values(slice.map((member) => ({ app_id: record.appId, conversation_id: record.id, user_id: member.userId, role: member.role, joined_at: record.createdAt, muted_until: null })))
            .onConflict((conflict) => conflict.doNothing())
            .executeTakeFirst()
          count += Number(result.numInsertedOrUpdatedRows ?? 0n)
        }
        return trx.updateTable('conversations').set({ member_count: count }).where('app_id', '=', record.appId).where('id', '=', record.id).returningAll().executeTakeFirstOrThrow()
      })
      return this.toRecord(row)
    } catch (error) {
      if (this.store.isUniqueViolation(error)) throw new WarblerError('already_exists', `Conversation ${record.id} already exists.`)
      throw error
    }
  }

  async get(appId: string, conversationId: string): Promise<ConversationRecord | undefined> {
    const row = await this.store.db.selectFrom('conversations').selectAll().where('app_id', '=', appId).where('id', '=', conversationId).executeTakeFirst()
    return row && this.toRecord(row)
  }

  async getMember(appId: string, conversationId: string, userId: string): Promise<MemberRecord | undefined> {
    const row = await this.store.db
      .selectFrom('members')
      .select(MEMBER_COLUMN_LIST)
      .where('app_id', '=', appId)
      .where('conversation_id', '=', conversationId)
      .where('user_id', '=', userId)
      .executeTakeFirst()
    return row && toMember(row)
  }

  async listMembers(appId: string, conversationId: string, options: { limit?: number; after?: string } = {}): Promise<MemberRecord[]> {
    const rows = await this.store.db
      .selectFrom('members')
      .select(MEMBER_COLUMN_LIST)
      .where('app_id', '=', appId)
      .where('conversation_id', '=', conversationId)
      .where('user_id', '>', options.after ?? '')
      .orderBy('user_id')
      .limit(options.limit ?? 1000)
      .execute()
    return rows.map(toMember)
  }

  async memberIds(appId: string, conversationId: string): Promise<string[]> {
    const rows = await this.store.db.selectFrom('members').select('user_id').where('app_id', '=', appId).where('conversation_id', '=', conversationId).execute()
    return rows.map((row) => row.user_id)
  }

  async cursorsForUser(appId: string, userId: string, cursors?: Readonly<Record<string, number>>) {
    const rows = await this.ofUser(this.store.db, appId, userId).select(['c.id', 'c.kind', 'c.last_seq', 'm.read_seq']).execute()
    const result = []
    for (const row of rows) {
      if (cursors && row.last_seq <= (cursors[row.id] ?? 0)) continue
      result.push({ conversationId: row.id, kind: row.kind, lastSeq: row.last_seq, readSeq: row.read_seq })
    }
    return result
  }

  /** The user's memberships joined with their conversations (`m` and `c`). */
  private ofUser(db: Queries, appId: string, userId: string) {
    return db
      .selectFrom(this.dialect.userMembers)
      .innerJoin('conversations as c', (join) => join.onRef('c.app_id', '=', 'm.app_id').onRef('c.id', '=', 'm.conversation_id'))
      .where('m.app_id', '=', appId)
      .where('m.user_id', '=', userId)
  }

  async markRead(appId: string, conversationId: string, userId: string, seq: number): Promise<number> {
    return this.advance('read_seq', appId, conversationId, userId, seq)
  }

  async markDelivered(appId: string, conversationId: string, userId: string, seq: number): Promise<number> {
    return this.advance('delivered_seq', appId, conversationId, userId, seq)
  }

  /** Moves a member position forward, never back and never past the conversation's last seq, in one statement. */
  private async advance(column: 'read_seq' | 'delivered_seq', appId: string, conversationId: string, userId: string, seq: number): Promise<number> {
    const lastSeq = this.store.db.selectFrom('conversations').select('last_seq').where('app_id', '=', appId).where('id', '=', conversationId)
    const row = await this.store.db
      .updateTable('members')
      .set({ [column]: larger(sql.ref(column), smaller(sql`${seq}`, lastSeq)) })
      .where('app_id', '=', appId)
      .where('conversation_id', '=', conversationId)
      .where('user_id', '=', userId)
      .returning(column)
      .executeTakeFirst()
    if (!row) throw new WarblerError('not_member')
    return row[column]
  }

  async addMembers(appId: string, conversationId: string, members: readonly { userId: string; role: MemberRole }[], now: number, options: { hideHistory: boolean }): Promise<string[]> {
    return this.store.transaction(async (trx) => {
      // On PostgreSQL, locking the conversation row orders this against concurrent appends (lastSeq
      // cannot move meanwhile); on SQLite the transaction holds the only writer.
      const conversation = await trx
        .selectFrom('conversations')
        .select('last_seq')
        .where('app_id', '=', appId)
        .where('id', '=', conversationId)
        .$if(this.store.engine === 'postgres', (query) => query.forUpdate())
        .executeTakeFirst()
      if (!conversation) throw new WarblerError('conversation_not_found')
      const lastSeq = conversation.last_seq
      const visibleFrom = options.hideHistory ? lastSeq + 1 : 0
      const added = new Set<string>()
      for (const slice of chunks(members)) {
        const rows = await trx
          .insertInto('members')
          .values(
            slice.map((member) => ({
              app_id: appId,
              conversation_id: conversationId,
              user_id: member.userId,
              role: member.role,
              joined_at: now,
              read_seq: lastSeq,
              delivered_seq: lastSeq,
              visible_from_seq: visibleFrom,
              muted_until: null,
            })),
          )
          .onConflict((conflict) => conflict.doNothing())
          .returning('user_id')
          .execute()
        for (const row of rows) added.add(row.user_id)
      }
      if (added.size > 0) {
        await trx
          .updateTable('conversations')
          .set((eb) => ({ member_count: eb('member_count', '+', added.size) }))
          .where('app_id', '=', appId)
          .where('id', '=', conversationId)
          .execute()
      }
      return [...new Set(members.map((member) => member.userId))].filter((userId) => added.has(userId))
    })
  }

  async removeMembers(appId: string, conversationId: string, userIds: readonly string[]): Promise<string[]> {
    if (userIds.length === 0) return []
    return this.store.transaction(async (trx) => {
      const removed = new Set<string>()
      for (const slice of chunks([...new Set(userIds)])) {
        const rows = await trx
          .deleteFrom('members')
          .where('app_id', '=', appId)
          .where('conversation_id', '=', conversationId)
          .where('user_id', 'in', slice)
          .returning('user_id')
          .execute()
        for (const row of rows) removed.add(row.user_id)
      }
      if (removed.size > 0) {
        await trx
          .updateTable('conversations')
          .set((eb) => ({ member_count: eb('member_count', '-', removed.size) }))
          .where('app_id', '=', appId)
          .where('id', '=', conversationId)
          .execute()
      }
      return [...new Set(userIds)].filter((userId) => removed.has(userId))
    })
  }

  async updateMember(
    appId: string,
    conversationId: string,
    userId: string,
    patch: Partial<Pick<MemberRecord, 'role' | 'mutedUntil' | 'pinned' | 'notificationsMuted'>>,
  ): Promise<MemberRecord | undefined> {
    const changes = {
      ...(patch.role !== undefined && { role: patch.role }),
      ...(patch.mutedUntil !== undefined && { muted_until: patch.mutedUntil }),
      ...(patch.pinned !== undefined && { pinned: patch.pinned }),
      ...(patch.notificationsMuted !== undefined && { notifications_muted: patch.notificationsMuted }),
    }
    if (Object.keys(changes).length === 0) return this.getMember(appId, conversationId, userId)
    // One statement setting only the patched columns, so concurrent patches of different fields do not undo each other.
    const row = await this.store.db
      .updateTable('members')
      .set(changes)
      .where('app_id', '=', appId)
      .where('conversation_id', '=', conversationId)
      .where('user_id', '=', userId)
      .returning(MEMBER_COLUMN_LIST)
      .executeTakeFirst()
    return row && toMember(row)
  }

  async updateConversation(
    appId: string,
    conversationId: string,
    patch: Partial<Pick<ConversationRecord, 'name' | 'ownerId' | 'settings' | 'ext' | 'dissolvedAt'>>,
  ): Promise<ConversationRecord | undefined> {
    const changes = {
      ...(patch.name !== undefined && { name: patch.name }),
      ...(patch.ownerId !== undefined && { owner_id: patch.ownerId }),
      ...(patch.settings !== undefined && { settings: JSON.stringify(patch.settings) }),
      ...(patch.ext !== undefined && { ext: JSON.stringify(patch.ext) }),
      ...(patch.dissolvedAt !== undefined && { dissolved_at: patch.dissolvedAt }),
    }
    if (Object.keys(changes).length === 0) return this.get(appId, conversationId)
    const row = await this.store.db.updateTable('conversations').set(changes).where('app_id', '=', appId).where('id', '=', conversationId).returningAll().executeTakeFirst()
    return row && this.toRecord(row)
  }

  async listForUser(appId: string, userId: string, options: { limit: number; beforeActivityAt?: number }) {
    const before = options.beforeActivityAt
    // The member columns do not clash with the conversation's, so one row maps to both records.
    const rows = await this.ofUser(this.store.db, appId, userId)
      .selectAll('c')
      .select(MEMBER_COLUMN_LIST.map((column) => `m.${column}` as const))
      .$if(before !== undefined, (query) => query.where('m.pinned', '=', false).where('c.last_activity_at', '<', before!))
      .orderBy('m.pinned', 'desc')
      .orderBy('c.last_activity_at', 'desc')
      .orderBy('c.id')
      .limit(options.limit)
      .execute()
    return rows.map((row) => ({ conversation: this.toRecord(row), member: toMember(row) }))
  }

  async unreadCount(appId: string, conversationId: string, userId: string, afterSeq: number): Promise<number> {
    const row = await this.store.db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll().as('count'))
      .where('app_id', '=', appId)
      .where('conversation_id', '=', conversationId)
      .where('seq', '>', afterSeq)
      .where('kind', '=', 'message')
      .where('sender_id', '<>', userId)
      .where('recalled_at', 'is', null)
      .executeTakeFirstOrThrow()
    return Number(row.count)
  }

  async receiptCounts(appId: string, conversationId: string, seq: number, options: { listReaders: boolean }) {
    const ofConversation = this.store.db.selectFrom('members').where('app_id', '=', appId).where('conversation_id', '=', conversationId)
    const row = await ofConversation
      .select((eb) => [
        eb.fn.countAll().as('members'),
        sql<number>`COUNT(CASE WHEN read_seq >= ${seq} THEN 1 END)`.as('read'),
        sql<number>`COUNT(CASE WHEN read_seq >= ${seq} OR delivered_seq >= ${seq} THEN 1 END)`.as('delivered'),
      ])
      .executeTakeFirstOrThrow()
    const result: { members: number; read: number; delivered: number; readers?: string[] } = { members: Number(row.members), read: Number(row.read), delivered: Number(row.delivered) }
    if (options.listReaders) {
      const readers = await ofConversation.select('user_id').where('read_seq', '>=', seq).orderBy('user_id').limit(500).execute()
      result.readers = readers.map((reader) => reader.user_id)
    }
    return result
  }

  async createJoinRequest(record: JoinRequestRecord): Promise<void> {
    try {
      await this.store.db
        .insertInto('join_requests')
        .values({ app_id: record.appId, id: record.id, conversation_id: record.conversationId, user_id: record.userId, message: record.message, status: record.status, created_at: record.createdAt, decided_by: null, decided_at: null })
        .execute()
    } catch (error) {
      if (this.store.isUniqueViolation(error)) throw new WarblerError('already_exists', 'A request to join this group is already pending.')
      throw error
    }
  }

  async getJoinRequest(appId: string, id: string): Promise<JoinRequestRecord | undefined> {
    const row = await this.store.db.selectFrom('join_requests').selectAll().where('app_id', '=', appId).where('id', '=', id).executeTakeFirst()
    return row && toJoinRequest(row)
  }

  async listJoinRequests(appId: string, conversationId: string): Promise<JoinRequestRecord[]> {
    const rows = await this.store.db
      .selectFrom('join_requests')
      .selectAll()
      .where('app_id', '=', appId)
      .where('conversation_id', '=', conversationId)
      .where('status', '=', 'pending')
      .orderBy('created_at')
      .orderBy('id')
      .execute()
    return rows.map(toJoinRequest)
  }

  async decideJoinRequest(appId: string, id: string, status: 'accepted' | 'declined', by: string, now: number): Promise<JoinRequestRecord | undefined> {
    const row = await this.store.db
      .updateTable('join_requests')
      .set({ status, decided_by: by, decided_at: now })
      .where('app_id', '=', appId)
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .returningAll()
      .executeTakeFirst()
    return row && toJoinRequest(row)
  }
}
