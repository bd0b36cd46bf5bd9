import { sql } from 'kysely'
import type { ConsoleOverview } from '../console-store.js'
import type { StoreDatabase } from '../kysely/store-database.js'

const count = (rows: { n: number | string }[]) => Number(rows[0]?.n ?? 0)

/**
 * The console dashboard's counts for one app, the same SQL on both engines: people and bots,
 * conversations, messages since `since`, and support conversations still open (queued, assigned
 * or snoozed: waiting for or owned by a person).
 */
export async function consoleOverview(store: StoreDatabase, appId: string, options: { since: number }): Promise<ConsoleOverview> {
  const { rows: users } = await sql<{ kind: string; n: number | string }>`SELECT kind, COUNT(*) AS n FROM users WHERE app_id = ${appId} GROUP BY kind`.execute(store.db)
  const { rows: conversations } = await sql<{ n: number | string }>`SELECT COUNT(*) AS n FROM conversations WHERE app_id = ${appId}`.execute(store.db)
  const { rows: messages } = await sql<{ n: number | string }>`
    SELECT COUNT(*) AS n FROM events WHERE app_id = ${appId} AND kind = 'message' AND ts >= ${options.since}`.execute(store.db)
  const { rows: open } = await sql<{ status: string; n: number | string }>`
    SELECT status, COUNT(*) AS n FROM support_states WHERE app_id = ${appId} AND status IN ('queued', 'assigned', 'snoozed') GROUP BY status`.execute(store.db)
  const byKind = (kind: string) => Number(users.find((row) => row.kind === kind)?.n ?? 0)
  const byStatus = (status: string) => Number(open.find((row) => row.status === status)?.n ?? 0)
  return {
    people: byKind('person'),
    bots: byKind('bot'),
    conversations: count(conversations),
    messagesSince: count(messages),
    openSupport: { queued: byStatus('queued'), assigned: byStatus('assigned'), snoozed: byStatus('snoozed') },
  }
}
