import type { Selectable } from 'kysely'
import type { ConversationRecord, JoinRequestRecord, MemberRecord } from '../storage.js'
import type { Database } from '../kysely/database.js'

/** A `conversations` row. */
export type ConversationRow = Selectable<Database['conversations']>

/**
 * Turns a `conversations` row into a record. `decodeDirectKey` undoes a backend's encoding of the
 * direct key (PostgreSQL text cannot hold the NUL separator).
 */
export const toConversation = (row: ConversationRow, decodeDirectKey: (stored: string) => string = (stored) => stored): ConversationRecord => ({
  appId: row.app_id,
  id: row.id,
  kind: row.kind,
  name: row.name,
  ownerId: row.owner_id,
  directKey: row.direct_key === null ? null : decodeDirectKey(row.direct_key),
  lastSeq: row.last_seq,
  memberCount: row.member_count,
  ext: JSON.parse(row.ext) as ConversationRecord['ext'],
  createdAt: row.created_at,
  settings: JSON.parse(row.settings) as ConversationRecord['settings'],
  lastMessageSeq: row.last_message_seq,
  lastActivityAt: row.last_activity_at || row.created_at,
  dissolvedAt: row.dissolved_at,
})

/** A `members` row. Flags are booleans in PostgreSQL and 0/1 in SQLite. */
export type MemberRow = Pick<Selectable<Database['members']>, (typeof MEMBER_COLUMN_LIST)[number]>

/** The member columns, the ones a {@link MemberRow} holds. */
export const MEMBER_COLUMN_LIST = ['user_id', 'role', 'joined_at', 'read_seq', 'delivered_seq', 'visible_from_seq', 'muted_until', 'pinned', 'notifications_muted'] as const

const flag = (value: boolean | number) => value === true || value === 1

/** Turns a `members` row into a record. */
export const toMember = (row: MemberRow): MemberRecord => ({
  userId: row.user_id,
  role: row.role,
  joinedAt: row.joined_at,
  readSeq: row.read_seq,
  deliveredSeq: row.delivered_seq,
  visibleFromSeq: row.visible_from_seq,
  mutedUntil: row.muted_until,
  pinned: flag(row.pinned),
  notificationsMuted: flag(row.notifications_muted),
})

/** A `join_requests` row. */
export type JoinRequestRow = Selectable<Database['join_requests']>

/** Turns a `join_requests` row into a record. */
export const toJoinRequest = (row: JoinRequestRow): JoinRequestRecord => ({
  appId: row.app_id,
  id: row.id,
  conversationId: row.conversation_id,
  userId: row.user_id,
  message: row.message,
  status: row.status,
  createdAt: row.created_at,
  decidedBy: row.decided_by,
  decidedAt: row.decided_at,
})
