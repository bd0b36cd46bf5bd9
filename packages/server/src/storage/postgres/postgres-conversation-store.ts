import { WarblerError, type ConversationKind, type MemberRole } from '@warbler/protocol'
import type { ConversationRecord, ConversationStore, JoinRequestRecord, MemberRecord } from '../storage.js'
import { directKeyOf } from '../sqlite/sqlite-conversation-store.js'
import { directKeyFromColumn, directKeyToColumn } from './postgres-direct-key.js'
import { inTransaction, pgErrorCode, type PgPool } from './postgres-driver.js'
import { MEMBER_COLUMN_LIST, MEMBER_COLUMNS, toConversation as toConversationRow, toJoinRequest, toMember, type ConversationRow, type JoinRequestRow, type MemberRow } from '../rows/conversation-rows.js'

const toConversation = (row: ConversationRow): ConversationRecord => toConversationRow(row, directKeyFromColumn)

const UNIQUE_VIOLATION = '23505'

/** Conversations, members and join requests in PostgreSQL. */
export class PostgresConversationStore implements ConversationStore {
  constructor(private readonly pool: PgPool) {}

  async getOrCreateDirect(appId: string, id: string, userA: string, userB: string, now: number): Promise<ConversationRecord> {
    const existing = await this.findDirect(appId, userA, userB)
    if (existing) return existing
    try {
      await inTransaction(this.pool, async (client) => {
        const members = userA === userB ? [userA] : [userA, userB]
        await client.query(
          `INSERT INTO conversations (app_id, id, kind, name, owner_id, direct_key, member_count, ext, created_at, settings, last_activity_at)
           VALUES ($1, $2, 'direct', NULL, NULL, $3, $4, '{}', $5, '{}', $5)`,
          [appId, id, directKeyToColumn(directKeyOf(userA, userB)), members.length, now],
        )
        await client.query(
          `INSERT INTO members (app_id, conversation_id, user_id, role, joined_at)
           SELECT $1, $2, user_id, 'member', $3 FROM unnest($4::text[]) AS user_id`,
          [appId, id, now, members],
        )
      })
    } catch (error) {
      // Another node (or call) created the pair's conversation first: return theirs.
      if (pgErrorCode(error) !== UNIQUE_VIOLATION) throw error
    }
    const stored = await this.findDirect(appId, userA, userB)
    if (!stored) throw new Error(`direct conversation ${id} vanished after creation`)
    return stored
  }

  async findDirect(appId: string, userA: string, userB: string): Promise<ConversationRecord | undefined> {
    const { rows } = await this.pool.query<ConversationRow>('SELECT * FROM conversations WHERE app_id = $1 AND direct_key = $2', [
      appId,
      directKeyToColumn(directKeyOf(userA, userB)),
    ])
    return rows[0] && toConversation(rows[0])
  }

  async createGroup(
    record: Omit<ConversationRecord, 'lastSeq' | 'memberCount' | 'directKey' | 'lastMessageSeq' | 'lastActivityAt' | 'dissolvedAt'>,
    members: readonly { userId: string; role: MemberRole }[],
  ): Promise<ConversationRecord> {
    try {
      const row = await inTransaction(this.pool, async (client) => {
        await client.query(
          `INSERT INTO conversations (app_id, id, kind, name, owner_id, direct_key, member_count, ext, created_at, settings, last_activity_at)
           VALUES ($1, $2, $3, $4, $5, NULL, 0, $6, $7, $8, $7)`,
          [record.appId, record.id, record.kind, record.name, record.ownerId, JSON.stringify(record.ext), record.createdAt, JSON.stringify(record.settings ?? {})],
        )
        const inserted = await client.query(
          `INSERT INTO members (app_id, conversation_id, user_id, role, joined_at)
           SELECT $1, $2, m.user_id, m.role, $3 FROM unnest($4::text[], $5::text[]) AS m(user_id, role)
           ON CONFLICT DO NOTHING`,
          [record.appId, record.id, record.createdAt, members.map((member) => member.userId), members.map((member) => member.role)],
        )
        const { rows } = await client.query<ConversationRow>('UPDATE conversations SET member_count = $3 WHERE app_id = $1 AND id = $2 RETURNING *', [
          record.appId,
          record.id,
          inserted.rowCount ?? 0,
        ])
        return rows[0]!
      })
      return toConversation(row)
    } catch (error) {
      if (pgErrorCode(error) === UNIQUE_VIOLATION) throw new WarblerError('already_exists', `Conversation ${record.id} already exists.`)
      throw error
    }
  }

  async get(appId: string, conversationId: string): Promise<ConversationRecord | undefined> {
    const { rows } = await this.pool.query<ConversationRow>('SELECT * FROM conversations WHERE app_id = $1 AND id = $2', [appId, conversationId])
    return rows[0] && toConversation(rows[0])
  }

  async getMember(appId: string, conversationId: string, userId: string): Promise<MemberRecord | undefined> {
    const { rows } = await this.pool.query<MemberRow>(`SELECT ${MEMBER_COLUMNS} FROM members WHERE app_id = $1 AND conversation_id = $2 AND user_id = $3`, [
      appId,
      conversationId,
      userId,
    ])
    return rows[0] && toMember(rows[0])
  }

  async listMembers(appId: string, conversationId: string, options: { limit?: number; after?: string } = {}): Promise<MemberRecord[]> {
    const { rows } = await this.pool.query<MemberRow>(
      `SELECT ${MEMBER_COLUMNS} FROM members WHERE app_id = $1 AND conversation_id = $2 AND user_id > $3 ORDER BY user_id LIMIT $4`,
      [appId, conversationId, options.after ?? '', options.limit ?? 1000],
    )
    return rows.map(toMember)
  }

  async memberIds(appId: string, conversationId: string): Promise<string[]> {
    const { rows } = await this.pool.query<{ user_id: string }>('SELECT user_id FROM members WHERE app_id = $1 AND conversation_id = $2', [appId, conversationId])
    return rows.map((row) => row.user_id)
  }

  async cursorsForUser(appId: string, userId: string, cursors?: Readonly<Record<string, number>>) {
    const { rows } = await this.pool.query<{ conversation_id: string; kind: ConversationKind; last_seq: number; read_seq: number }>(
      `SELECT c.id AS conversation_id, c.kind, c.last_seq, m.read_seq
       FROM members m JOIN conversations c ON c.app_id = m.app_id AND c.id = m.conversation_id
       WHERE m.app_id = $1 AND m.user_id = $2`,
      [appId, userId],
    )
    const result = []
    for (const row of rows) {
      if (cursors && row.last_seq <= (cursors[row.conversation_id] ?? 0)) continue
      result.push({ conversationId: row.conversation_id, kind: row.kind, lastSeq: row.last_seq, readSeq: row.read_seq })
    }
    return result
  }

  async markRead(appId: string, conversationId: string, userId: string, seq: number): Promise<number> {
    return this.advance('read_seq', appId, conversationId, userId, seq)
  }

  async markDelivered(appId: string, conversationId: string, userId: string, seq: number): Promise<number> {
    return this.advance('delivered_seq', appId, conversationId, userId, seq)
  }

  /** Moves a member position forward, never back and never past the conversation's last seq. */
  private async advance(column: 'read_seq' | 'delivered_seq', appId: string, conversationId: string, userId: string, seq: number): Promise<number> {
    const { rows } = await this.pool.query<Record<string, number>>(
      `UPDATE members SET ${column} = GREATEST(${column}, LEAST($4::bigint, (SELECT last_seq FROM conversations WHERE app_id = $1 AND id = $2)))
       WHERE app_id = $1 AND conversation_id = $2 AND user_id = $3 RETURNING ${column}`,
      [appId, conversationId, userId, seq],
    )
    if (!rows[0]) throw new WarblerError('not_member')
    return rows[0][column]!
  }

  async addMembers(
    appId: string,
    conversationId: string,
    members: readonly { userId: string; role: MemberRole }[],
    now: number,
    options: { hideHistory: boolean },
  ): Promise<string[]> {
    return inTransaction(this.pool, async (client) => {
      // Locking the conversation row orders this against concurrent appends: lastSeq cannot move meanwhile.
      const { rows } = await client.query<{ last_seq: number }>('SELECT last_seq FROM conversations WHERE app_id = $1 AND id = $2 FOR UPDATE', [appId, conversationId])
      if (!rows[0]) throw new WarblerError('conversation_not_found')
      const lastSeq = rows[0].last_seq
      const inserted = await client.query<{ user_id: string }>(
        `INSERT INTO members (app_id, conversation_id, user_id, role, joined_at, read_seq, delivered_seq, visible_from_seq)
         SELECT $1, $2, m.user_id, m.role, $3, $4, $4, $5 FROM unnest($6::text[], $7::text[]) WITH ORDINALITY AS m(user_id, role, position)
         ORDER BY m.position
         ON CONFLICT DO NOTHING RETURNING user_id`,
        [appId, conversationId, now, lastSeq, options.hideHistory ? lastSeq + 1 : 0, members.map((member) => member.userId), members.map((member) => member.role)],
      )
      const added = new Set(inserted.rows.map((row) => row.user_id))
      if (added.size > 0) await client.query('UPDATE conversations SET member_count = member_count + $3 WHERE app_id = $1 AND id = $2', [appId, conversationId, added.size])
      return [...new Set(members.map((member) => member.userId))].filter((userId) => added.has(userId))
    })
  }

  async removeMembers(appId: string, conversationId: string, userIds: readonly string[]): Promise<string[]> {
    if (userIds.length === 0) return []
    return inTransaction(this.pool, async (client) => {
      const { rows } = await client.query<{ user_id: string }>(
        'DELETE FROM members WHERE app_id = $1 AND conversation_id = $2 AND user_id = ANY($3::text[]) RETURNING user_id',
        [appId, conversationId, [...userIds]],
      )
      if (rows.length > 0) await client.query('UPDATE conversations SET member_count = member_count - $3 WHERE app_id = $1 AND id = $2', [appId, conversationId, rows.length])
      const removed = new Set(rows.map((row) => row.user_id))
      return [...new Set(userIds)].filter((userId) => removed.has(userId))
    })
  }

  async updateMember(
    appId: string,
    conversationId: string,
    userId: string,
    patch: Partial<Pick<MemberRecord, 'role' | 'mutedUntil' | 'pinned' | 'notificationsMuted'>>,
  ): Promise<MemberRecord | undefined> {
    const current = await this.getMember(appId, conversationId, userId)
    if (!current) return undefined
    const next = { ...current, ...patch }
    const { rows } = await this.pool.query<MemberRow>(
      `UPDATE members SET role = $1, muted_until = $2, pinned = $3, notifications_muted = $4
       WHERE app_id = $5 AND conversation_id = $6 AND user_id = $7 RETURNING ${MEMBER_COLUMNS}`,
      [next.role, next.mutedUntil, next.pinned, next.notificationsMuted, appId, conversationId, userId],
    )
    return rows[0] && toMember(rows[0])
  }

  async updateConversation(
    appId: string,
    conversationId: string,
    patch: Partial<Pick<ConversationRecord, 'name' | 'ownerId' | 'settings' | 'ext' | 'dissolvedAt'>>,
  ): Promise<ConversationRecord | undefined> {
    const current = await this.get(appId, conversationId)
    if (!current) return undefined
    const next = { ...current, ...patch }
    const { rows } = await this.pool.query<ConversationRow>(
      'UPDATE conversations SET name = $1, owner_id = $2, settings = $3, ext = $4, dissolved_at = $5 WHERE app_id = $6 AND id = $7 RETURNING *',
      [next.name, next.ownerId, JSON.stringify(next.settings), JSON.stringify(next.ext), next.dissolvedAt, appId, conversationId],
    )
    return rows[0] && toConversation(rows[0])
  }

  async listForUser(appId: string, userId: string, options: { limit: number; beforeActivityAt?: number }) {
    const { rows } = await this.pool.query<ConversationRow & Record<string, unknown>>(
      `SELECT c.*, ${MEMBER_COLUMN_LIST.map((column) => `m.${column} AS m_${column}`).join(', ')}
       FROM members m JOIN conversations c ON c.app_id = m.app_id AND c.id = m.conversation_id
       WHERE m.app_id = $1 AND m.user_id = $2 AND ($3::bigint IS NULL OR (NOT m.pinned AND c.last_activity_at < $3::bigint))
       ORDER BY m.pinned DESC, c.last_activity_at DESC, c.id LIMIT $4`,
      [appId, userId, options.beforeActivityAt ?? null, options.limit],
    )
    return rows.map((row) => {
      const member = Object.fromEntries(MEMBER_COLUMN_LIST.map((column) => [column, row[`m_${column}`]])) as unknown as MemberRow
      return { conversation: toConversation(row), member: toMember(member) }
    })
  }

  async unreadCount(appId: string, conversationId: string, userId: string, afterSeq: number): Promise<number> {
    const { rows } = await this.pool.query<{ count: number }>(
      `SELECT COUNT(*)::bigint AS count FROM events WHERE app_id = $1 AND conversation_id = $2 AND seq > $3 AND kind = 'message'
       AND sender_id <> $4 AND recalled_at IS NULL`,
      [appId, conversationId, afterSeq, userId],
    )
    return rows[0]!.count
  }

  async receiptCounts(appId: string, conversationId: string, seq: number, options: { listReaders: boolean }) {
    const { rows } = await this.pool.query<{ members: number; read: number; delivered: number }>(
      `SELECT COUNT(*)::bigint AS members, COUNT(*) FILTER (WHERE read_seq >= $3)::bigint AS read,
              COUNT(*) FILTER (WHERE GREATEST(read_seq, delivered_seq) >= $3)::bigint AS delivered
       FROM members WHERE app_id = $1 AND conversation_id = $2`,
      [appId, conversationId, seq],
    )
    const row = rows[0]!
    const result: { members: number; read: number; delivered: number; readers?: string[] } = { members: row.members, read: row.read, delivered: row.delivered }
    if (options.listReaders) {
      const readers = await this.pool.query<{ user_id: string }>(
        'SELECT user_id FROM members WHERE app_id = $1 AND conversation_id = $2 AND read_seq >= $3 ORDER BY user_id LIMIT 500',
        [appId, conversationId, seq],
      )
      result.readers = readers.rows.map((reader) => reader.user_id)
    }
    return result
  }

  async createJoinRequest(record: JoinRequestRecord): Promise<void> {
    try {
      await this.pool.query('INSERT INTO join_requests (app_id, id, conversation_id, user_id, message, status, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
        record.appId,
        record.id,
        record.conversationId,
        record.userId,
        record.message,
        record.status,
        record.createdAt,
      ])
    } catch (error) {
      if (pgErrorCode(error) === UNIQUE_VIOLATION) throw new WarblerError('already_exists', 'A request to join this group is already pending.')
      throw error
    }
  }

  async getJoinRequest(appId: string, id: string): Promise<JoinRequestRecord | undefined> {
    const { rows } = await this.pool.query<JoinRequestRow>('SELECT * FROM join_requests WHERE app_id = $1 AND id = $2', [appId, id])
    return rows[0] && toJoinRequest(rows[0])
  }

  async listJoinRequests(appId: string, conversationId: string): Promise<JoinRequestRecord[]> {
    const { rows } = await this.pool.query<JoinRequestRow>(
      "SELECT * FROM join_requests WHERE app_id = $1 AND conversation_id = $2 AND status = 'pending' ORDER BY created_at, id",
      [appId, conversationId],
    )
    return rows.map(toJoinRequest)
  }

  async decideJoinRequest(appId: string, id: string, status: 'accepted' | 'declined', by: string, now: number): Promise<JoinRequestRecord | undefined> {
    const { rows } = await this.pool.query<JoinRequestRow>(
      "UPDATE join_requests SET status = $1, decided_by = $2, decided_at = $3 WHERE app_id = $4 AND id = $5 AND status = 'pending' RETURNING *",
      [status, by, now, appId, id],
    )
    return rows[0] && toJoinRequest(rows[0])
  }
}
