import { sql, type RawBuilder } from 'kysely'
import type { AnalyticsCounts, DailyCount } from '../console-store.js'
import type { StoreDatabase } from '../kysely/store-database.js'

/**
 * The SQL that differs between the engines for the console's analytics: the UTC day of an epoch-ms
 * timestamp, and reading a field of a JSON text column (PostgreSQL casts to JSONB, so rows are
 * first narrowed with a LIKE: a JSONB cast refuses text JSONB cannot hold, such as `\u0000`).
 */
const dialect = {
  sqlite: {
    day: sql`strftime('%Y-%m-%d', e.ts / 1000, 'unixepoch')`,
    tokens: sql`CAST(json_extract(e.ext, '$.usage.totalTokens') AS INTEGER)`,
    hasTokens: sql`json_extract(e.ext, '$.usage.totalTokens') IS NOT NULL`,
    hasHandoff: sql`json_extract(ext, '$.handoff') IS NOT NULL`,
  },
  postgres: {
    day: sql`to_char(to_timestamp(e.ts / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD')`,
    tokens: sql`(e.ext::jsonb #>> '{usage,totalTokens}')::numeric`,
    hasTokens: sql`e.ext LIKE '%totalTokens%' AND (e.ext::jsonb #>> '{usage,totalTokens}') IS NOT NULL`,
    hasHandoff: sql`ext LIKE '%handoff%' AND (ext::jsonb -> 'handoff') IS NOT NULL`,
  },
} satisfies Record<StoreDatabase['engine'], Record<string, RawBuilder<unknown>>>

/** Message, active-user, bot and hand-off counts since `since`, for one app or all of them. */
export async function consoleAnalytics(store: StoreDatabase, options: { appId?: string; since: number }): Promise<AnalyticsCounts> {
  const sqlOf = dialect[store.engine]
  const eventApp = options.appId === undefined ? sql`` : sql`AND e.app_id = ${options.appId}`
  const daily = async (select: RawBuilder<unknown>, extra: RawBuilder<unknown> = sql``): Promise<DailyCount[]> => {
    const { rows } = await sql<{ day: string; count: number | string }>`
      SELECT ${sqlOf.day} AS day, ${select} AS count FROM events e
      LEFT JOIN users u ON u.app_id = e.app_id AND u.id = e.sender_id
      WHERE e.kind = 'message' AND e.ts >= ${options.since} ${eventApp} ${extra} GROUP BY day ORDER BY day`.execute(store.db)
    return rows.map((row) => ({ day: row.day, count: Number(row.count) }))
  }
  const messagesPerDay = await daily(sql`COUNT(*)`)
  const activeUsersPerDay = await daily(sql`COUNT(DISTINCT e.sender_id)`, sql`AND COALESCE(u.kind, 'person') = 'person'`)
  const botRepliesPerDay = await daily(sql`COUNT(*)`, sql`AND u.kind = 'bot'`)
  const { rows: tokenRows } = await sql<{ botId: string; tokens: number | string }>`
    SELECT e.sender_id AS "botId", SUM(${sqlOf.tokens}) AS tokens FROM events e
    JOIN users u ON u.app_id = e.app_id AND u.id = e.sender_id AND u.kind = 'bot'
    WHERE e.ts >= ${options.since} ${eventApp} AND ${sqlOf.hasTokens}
    GROUP BY e.sender_id ORDER BY tokens DESC`.execute(store.db)
  const { rows: bots } = await sql<{ n: number | string }>`
    SELECT COUNT(DISTINCT m.app_id || ' ' || m.conversation_id) AS n FROM members m
    JOIN users u ON u.app_id = m.app_id AND u.id = m.user_id AND u.kind = 'bot'
    ${options.appId === undefined ? sql`` : sql`WHERE m.app_id = ${options.appId}`}`.execute(store.db)
  const { rows: handed } = await sql<{ n: number | string }>`
    SELECT COUNT(*) AS n FROM conversations WHERE ${sqlOf.hasHandoff}
    ${options.appId === undefined ? sql`` : sql`AND app_id = ${options.appId}`}`.execute(store.db)
  return {
    messagesPerDay,
    activeUsersPerDay,
    botRepliesPerDay,
    tokensPerBot: tokenRows.map((row) => ({ botId: row.botId, tokens: Number(row.tokens) })),
    botConversations: Number(bots[0]!.n),
    handedOff: Number(handed[0]!.n),
  }
}
