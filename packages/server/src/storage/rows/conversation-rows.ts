import type { ConversationKind, MemberRole } from '@warbler/protocol'
import type { ConversationRecord, JoinRequestRecord, MemberRecord } from '../storage.js'

/** A `conversations` row. */
export interface ConversationRow {
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
  settings: string
  last_message_seq: number
  last_activity_at: number
  dissolved_at: number | null
}

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
export interface MemberRow {
  user_id: string
  role: MemberRole
  joined_at: number
  read_seq: number
  delivered_seq: number
  visible_from_seq: number
  muted_until: number | null
  pinned: boolean | number
  notifications_muted: boolean | number
}

/** The member columns, in the order {@link MemberRow} lists them. */
export const MEMBER_COLUMN_LIST = ['user_id', 'role', 'joined_at', 'read_seq', 'delivered_seq', 'visible_from_seq', 'muted_until', 'pinned', 'notifications_muted'] as const
/** The member columns for a SELECT list. */
export const MEMBER_COLUMNS = MEMBER_COLUMN_LIST.join(', ')

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
export interface JoinRequestRow {
  app_id: string
  id: string
  conversation_id: string
  user_id: string
  message: string | null
  status: JoinRequestRecord['status']
  created_at: number
  decided_by: string | null
  decided_at: number | null
}

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
