/**
 * The tables of customer service (issue 15: agents, hand-offs, notes, canned replies, SLA, CSAT), as Kysely sees them. Columns in snake_case; timestamps are epoch
 * milliseconds; JSON columns are TEXT; flags are `boolean | number` (0/1 on SQLite).
 * Merged into {@link import('../database.js').Database}.
 */
export interface SupportTables {}
