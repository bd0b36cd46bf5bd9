import { WarblerError, type ConversationKind, type MemberRole } from '@warbler/protocol'
import type { ConversationRecord, ConversationStore, MemberRecord } from '../storage.js'
import type { SqliteDatabase } from './sqlite-driver.js'

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
  directKey: row.direct_key,
  lastSeq: row.last_seq,
  memberCount: row.member_count,
  ext: JSON.parse(row.ext) as ConversationRecord['ext'],
  createdAt: row.created_at,
})

const toMember = (row: MemberRow): MemberRecord => ({
  userId: row.user_id,
  role: row.role,
  joinedAt: row.joined_at,
  readSeq: row.read_seq,
})

/** The unique key of a direct conversation between two users. */
export function directKeyOf(userA: string, userB: string): string {
  return userA < userB ? `${userA}\u0000${userB}` : `${userB}\u0000${userA}`
}

/** Conversations and members in SQLite. */
export class SqliteConversationStore implements ConversationStore {
  private readonly byId
  private readonly byDirectKey
  private readonly insertConversation
  private readonly insertMember
  private readonly memberRow
  private readonly membersPage
  private readonly allMemberIds
  private readonly userCursors
  private readonly advanceRead
  private readonly readPosition

  constructor(private readonly db: SqliteDatabase) {
    this.byId = db.prepare('SELECT * FROM conversations WHERE app_id = ? AND id = ?')
    this.byDirectKey = db.prepare('SELECT * FROM conversations WHERE app_id = ? AND direct_key = ?')
    this.insertConversation = db.prepare(
      `INSERT INTO conversations (app_id, id, kind, name, owner_id, direct_key, member_count, ext, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    this.insertMember = db.prepare(
      'INSERT INTO members (app_id, conversation_id, user_id, role, joined_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
    )
    this.memberRow = db.prepare('SELECT user_id, role, joined_at, read_seq FROM members WHERE app_id = ? AND conversation_id = ? AND user_id = ?')
    this.membersPage = db.prepare(
      'SELECT user_id, role, joined_at, read_seq FROM members WHERE app_id = ? AND conversation_id = ? AND user_id > ? ORDER BY user_id LIMIT ?',
    )
    this.allMemberIds = db.prepare('SELECT user_id FROM members WHERE app_id = ? AND conversation_id = ?').pluck()
    this.userCursors = db.prepare(
      `SELECT c.id AS conversation_id, c.kind, c.last_seq, m.read_seq
       FROM members m JOIN conversations c ON c.app_id = m.app_id AND c.id = m.conversation_id
       WHERE m.app_id = ? AND m.user_id = ?`,
    )
    this.advanceRead = db.prepare(
      'UPDATE members SET read_seq = MAX(read_seq, MIN(?, (SELECT last_seq FROM conversations WHERE app_id = ? AND id = ?))) WHERE app_id = ? AND conversation_id = ? AND user_id = ?',
    )
    this.readPosition = db.prepare('SELECT read_seq FROM members WHERE app_id = ? AND conversation_id = ? AND user_id = ?')
  }

  async getOrCreateDirect(appId: string, id: string, userA: string, userB: string, now: number): Promise<ConversationRecord> {
    const key = directKeyOf(userA, userB)
    const create = this.db.transaction(() => {
      const existing = this.byDirectKey.get(appId, key) as ConversationRow | undefined
      if (existing) return existing
      const members = userA === userB ? [userA] : [userA, userB]
      this.insertConversation.run(appId, id, 'direct', null, null, key, members.length, '{}', now)
      for (const userId of members) this.insertMember.run(appId, id, userId, 'member', now)
      return this.byId.get(appId, id) as ConversationRow
    })
    return toConversation(create())
  }

  async createGroup(
    record: Omit<ConversationRecord, 'lastSeq' | 'memberCount' | 'directKey'>,
    members: readonly { userId: string; role: MemberRole }[],
  ): Promise<ConversationRecord> {
    const create = this.db.transaction(() => {
      this.insertConversation.run(
        record.appId,
        record.id,
        record.kind,
        record.name,
        record.ownerId,
        null,
        0,
        JSON.stringify(record.ext),
        record.createdAt,
      )
      let count = 0
      for (const member of members) count += this.insertMember.run(record.appId, record.id, member.userId, member.role, record.createdAt).changes
      this.db.prepare('UPDATE conversations SET member_count = ? WHERE app_id = ? AND id = ?').run(count, record.appId, record.id)
      return this.byId.get(record.appId, record.id) as ConversationRow
    })
    try {
      return toConversation(create())
    } catch (error) {
      if (String((error as { code?: string }).code).startsWith('SQLITE_CONSTRAINT')) {
        throw new WarblerError('already_exists', `Conversation ${record.id} already exists.`)
      }
      throw error
    }
  }

  async get(appId: string, conversationId: string): Promise<ConversationRecord | undefined> {
    const row = this.byId.get(appId, conversationId) as ConversationRow | undefined
    return row && toConversation(row)
  }

  async getMember(appId: string, conversationId: string, userId: string): Promise<MemberRecord | undefined> {
    const row = this.memberRow.get(appId, conversationId, userId) as MemberRow | undefined
    return row && toMember(row)
  }

  async listMembers(appId: string, conversationId: string, options: { limit?: number; after?: string } = {}): Promise<MemberRecord[]> {
    return (this.membersPage.all(appId, conversationId, options.after ?? '', options.limit ?? 1000) as MemberRow[]).map(toMember)
  }

  async memberIds(appId: string, conversationId: string): Promise<string[]> {
    return this.allMemberIds.all(appId, conversationId) as string[]
  }

  async cursorsForUser(appId: string, userId: string, cursors?: Readonly<Record<string, number>>) {
    const rows = this.userCursors.all(appId, userId) as { conversation_id: string; kind: ConversationKind; last_seq: number; read_seq: number }[]
    const result = []
    for (const row of rows) {
      if (cursors && row.last_seq <= (cursors[row.conversation_id] ?? 0)) continue
      result.push({ conversationId: row.conversation_id, kind: row.kind, lastSeq: row.last_seq, readSeq: row.read_seq })
    }
    return result
  }

  async markRead(appId: string, conversationId: string, userId: string, seq: number): Promise<number> {
    this.advanceRead.run(seq, appId, conversationId, appId, conversationId, userId)
    const row = this.readPosition.get(appId, conversationId, userId) as { read_seq: number } | undefined
    if (!row) throw new WarblerError('not_member')
    return row.read_seq
  }
}
