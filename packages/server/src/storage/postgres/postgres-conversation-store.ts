import { WarblerError, type ConversationKind, type MemberRole } from '@warbler/protocol'
import type { ConversationRecord, ConversationStore, MemberRecord } from '../storage.js'
import { directKeyOf } from '../sqlite/sqlite-conversation-store.js'
import { directKeyFromColumn, directKeyToColumn } from './postgres-direct-key.js'
import { inTransaction, pgErrorCode, type PgPool } from './postgres-driver.js'

interface ConversationRow {
  app_id: string
  id: string
  kind: ConversationKind
  name: string | null
  owner_id: string | null
  direct_key: string | null
  last_seq: number
  member_count: number
  ext: string
  created_at: number
}

interface MemberRow {
  user_id: string
  role: MemberRole
  joined_at: number
  read_seq: number
}

const toConversation = (row: ConversationRow): ConversationRecord => ({
  appId: row.app_id,
  id: row.id,
  kind: row.kind,
  name: row.name,
  ownerId: row.owner_id,
  directKey: row.direct_key === null ? null : directKeyFromColumn(row.direct_key),
  lastSeq: row.last_seq,
  memberCount: row.member_count,
  ext: JSON.parse(row.ext) as ConversationRecord['ext'],
  createdAt: row.created_at,
})

const toMember = (row: MemberRow): MemberRecord => ({ userId: row.user_id, role: row.role, joinedAt: row.joined_at, readSeq: row.read_seq })

const UNIQUE_VIOLATION = '23505'

/** Conversations and members in PostgreSQL. */
export class PostgresConversationStore implements ConversationStore {
  constructor(private readonly pool: PgPool) {}

  async getOrCreateDirect(appId: string, id: string, userA: string, userB: string, now: number): Promise<ConversationRecord> {
    const key = directKeyToColumn(directKeyOf(userA, userB))
    const existing = await this.byDirectKey(appId, key)
    if (existing) return existing
    try {
      await inTransaction(this.pool, async (client) => {
        const members = userA === userB ? [userA] : [userA, userB]
        await client.query(
          `INSERT INTO conversations (app_id, id, kind, name, owner_id, direct_key, member_count, ext, created_at)
           VALUES ($1, $2, 'direct', NULL, NULL, $3, $4, '{}', $5)`,
          [appId, id, key, members.length, now],
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
    const stored = await this.byDirectKey(appId, key)
    if (!stored) throw new Error(`direct conversation ${id} vanished after creation`)
    return stored
  }

  private async byDirectKey(appId: string, key: string): Promise<ConversationRecord | undefined> {
    const { rows } = await this.pool.query<ConversationRow>('SELECT * FROM conversations WHERE app_id = $1 AND direct_key = $2', [appId, key])
    return rows[0] && toConversation(rows[0])
  }

  async createGroup(
    record: Omit<ConversationRecord, 'lastSeq' | 'memberCount' | 'directKey'>,
    members: readonly { userId: string; role: MemberRole }[],
  ): Promise<ConversationRecord> {
    try {
      const row = await inTransaction(this.pool, async (client) => {
        await client.query(
          `INSERT INTO conversations (app_id, id, kind, name, owner_id, direct_key, member_count, ext, created_at)
           VALUES ($1, $2, $3, $4, $5, NULL, 0, $6, $7)`,
          [record.appId, record.id, record.kind, record.name, record.ownerId, JSON.stringify(record.ext), record.createdAt],
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
    const { rows } = await this.pool.query<MemberRow>(
      'SELECT user_id, role, joined_at, read_seq FROM members WHERE app_id = $1 AND conversation_id = $2 AND user_id = $3',
      [appId, conversationId, userId],
    )
    return rows[0] && toMember(rows[0])
  }

  async listMembers(appId: string, conversationId: string, options: { limit?: number; after?: string } = {}): Promise<MemberRecord[]> {
    const { rows } = await this.pool.query<MemberRow>(
      'SELECT user_id, role, joined_at, read_seq FROM members WHERE app_id = $1 AND conversation_id = $2 AND user_id > $3 ORDER BY user_id LIMIT $4',
      [appId, conversationId, options.after ?? '', options.limit ?? 1000],
    )
    return rows.map(toMember)
  }

  async memberIds(appId: string, conversationId: string): Promise<string[]> {
    const { rows } = await this.pool.query<{ user_id: string }>('SELECT user_id FROM members WHERE app_id = $1 AND conversation_id = $2', [
      appId,
      conversationId,
    ])
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
    const { rows } = await this.pool.query<{ read_seq: number }>(
      `UPDATE members SET read_seq = GREATEST(read_seq, LEAST($4::bigint, (SELECT last_seq FROM conversations WHERE app_id = $1 AND id = $2)))
       WHERE app_id = $1 AND conversation_id = $2 AND user_id = $3 RETURNING read_seq`,
      [appId, conversationId, userId, seq],
    )
    if (!rows[0]) throw new WarblerError('not_member')
    return rows[0].read_seq
  }
}
