import { sql } from 'kysely'
import type { ConversationDialect, MembersTable } from '../stores/conversation-store.js'
import { directKeyFromColumn, directKeyToColumn } from './postgres-direct-key.js'

/** The conversation store on PostgreSQL: its planner picks the user index itself; direct keys as JSON arrays. */
export const postgresConversationDialect: ConversationDialect = {
  userMembers: sql<MembersTable>`members`.as<'m'>('m'),
  encodeDirectKey: directKeyToColumn,
  decodeDirectKey: directKeyFromColumn,
}
