import { sql } from 'kysely'
import type { ConversationDialect, MembersTable } from '../stores/conversation-store.js'

/**
 * The conversation store on SQLite. INDEXED BY: without statistics SQLite prefers the primary key
 * (app_id, conversation_id, ...) and scans every membership of the app for one user's rows (found
 * in the reconnect-storm benchmark: a third of the server's CPU). The user index is the right one
 * for a user's memberships. Direct keys are stored as they are (NUL between the two ids).
 */
export const sqliteConversationDialect: ConversationDialect = {
  userMembers: sql<MembersTable>`members`.as<'m'>(sql`m INDEXED BY members_by_user`),
  encodeDirectKey: (key) => key,
  decodeDirectKey: (stored) => stored,
}
