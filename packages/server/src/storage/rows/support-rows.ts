import type { Selectable } from 'kysely'
import type { SupportTables } from '../kysely/tables/support-tables.js'
import type {
  AgentAvailability,
  AgentRecord,
  CannedReplyRecord,
  CaseRecord,
  CsatRecord,
  HandoffReason,
  NoteRecord,
  SupportPriority,
  SupportStateRecord,
  SupportStatus,
} from '../support-store.js'

/** 0/1 in SQLite, a boolean in PostgreSQL. */
const flag = (value: boolean | number) => value === true || value === 1

/** A `support_agents` row. */
export type AgentRow = Selectable<SupportTables['support_agents']>
/** A `support_states` row. */
export type SupportStateRow = Selectable<SupportTables['support_states']>

/** Turns a `support_agents` row into a record. */
export const toAgent = (row: AgentRow): AgentRecord => ({
  appId: row.app_id,
  userId: row.user_id,
  capacity: Number(row.capacity),
  teams: JSON.parse(row.teams) as string[],
  availability: row.availability as AgentAvailability,
  openCount: Number(row.open_count),
  lastAssignedAt: row.last_assigned_at === null ? null : Number(row.last_assigned_at),
  createdAt: Number(row.created_at),
  updatedAt: Number(row.updated_at),
})

const optionalNumber = (value: number | null) => (value === null ? null : Number(value))

/** Turns a `support_states` row into a record. */
export const toSupportState = (row: SupportStateRow): SupportStateRecord => ({
  appId: row.app_id,
  conversationId: row.conversation_id,
  customerId: row.customer_id,
  status: row.status as SupportStatus,
  assigneeId: row.assignee_id,
  team: row.team,
  priority: row.priority as SupportPriority,
  reason: row.reason as HandoffReason | null,
  summary: row.summary,
  caseId: row.case_id,
  queuedAt: optionalNumber(row.queued_at),
  assignedAt: optionalNumber(row.assigned_at),
  firstResponseAt: optionalNumber(row.first_response_at),
  resolvedAt: optionalNumber(row.resolved_at),
  snoozedUntil: optionalNumber(row.snoozed_until),
  firstResponseBreached: flag(row.first_response_breached),
  resolutionBreached: flag(row.resolution_breached),
  createdAt: Number(row.created_at),
  updatedAt: Number(row.updated_at),
})

/** Turns a `support_notes` row into a record. */
export const toNote = (row: Selectable<SupportTables['support_notes']>): NoteRecord => ({
  appId: row.app_id, id: row.id, conversationId: row.conversation_id, authorId: row.author_id, text: row.text, createdAt: Number(row.created_at),
})

/** Turns a `support_canned_replies` row into a record. */
export const toCannedReply = (row: Selectable<SupportTables['support_canned_replies']>): CannedReplyRecord => ({
  appId: row.app_id, id: row.id, shortcut: row.shortcut, text: row.text, createdAt: Number(row.created_at), updatedAt: Number(row.updated_at),
})

/** Turns a `support_csat` row into a record. */
export const toCsat = (row: Selectable<SupportTables['support_csat']>): CsatRecord => ({
  appId: row.app_id,
  conversationId: row.conversation_id,
  caseId: row.case_id,
  userId: row.user_id,
  rating: Number(row.rating),
  comment: row.comment,
  assigneeId: row.assignee_id,
  team: row.team,
  resolvedAt: Number(row.resolved_at),
  createdAt: Number(row.created_at),
})

/** Turns a `support_cases` row into a record. */
export const toCase = (row: Selectable<SupportTables['support_cases']>): CaseRecord => ({
  appId: row.app_id,
  id: row.id,
  conversationId: row.conversation_id,
  reason: row.reason as HandoffReason,
  team: row.team,
  priority: row.priority as SupportPriority,
  assigneeId: row.assignee_id,
  queuedAt: Number(row.queued_at),
  firstResponseAt: optionalNumber(row.first_response_at),
  resolvedAt: optionalNumber(row.resolved_at),
})
