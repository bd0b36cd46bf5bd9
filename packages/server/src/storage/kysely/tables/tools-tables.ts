/**
 * The tables of bot tools (issue 19: tool definitions, MCP servers, approvals), as Kysely sees them. Columns in snake_case; timestamps are epoch
 * milliseconds; JSON columns are TEXT; flags are `boolean | number` (0/1 on SQLite).
 * Merged into {@link import('../database.js').Database}.
 */
export interface ToolTables {}
