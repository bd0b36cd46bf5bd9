import type { SqliteDatabase } from '../sqlite/sqlite-driver.js'
import type { PgQueryable } from '../postgres/postgres-driver.js'

/** One table to copy: its columns present on both sides and the key it is read in order of. */
export interface TablePlan {
  name: string
  /** Columns copied (present in the source and writable in the target). */
  columns: string[]
  /** Source columns the keyset walks, in order; `rowid` for tables without a primary key. */
  key: string[]
  /** Target data type per copied column (`boolean`, `bigint`, `text`, `jsonb`, ...). */
  targetTypes: Record<string, string>
  /** Target columns filled from a sequence (BIGSERIAL), reset after the copy. */
  serialColumns: string[]
}

/** Tables never copied: each side keeps its own migration history and migration progress. */
const INTERNAL = new Set(['schema_migrations', 'kb_migrations', 'warbler_data_migration'])

/**
 * Plans the copy: every source table that also exists in the target (virtual FTS5 tables included,
 * their shadow tables excluded since the target has none), parents before children (foreign keys).
 * Returns the plan, the source tables the target lacks, and the source search indexes (virtual
 * tables) the target lacks because it indexes the copied rows itself (e.g. `kb_chunks_fts`).
 */
export async function planTables(
  source: SqliteDatabase,
  target: PgQueryable,
  schema: string,
): Promise<{ tables: TablePlan[]; skipped: string[]; searchIndexes: string[] }> {
  const all = source.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string; sql: string | null }[]
  // FTS5 keeps a virtual table's index in shadow tables named <table>_data, <table>_idx, ...
  const virtualTables = all.filter((row) => /^CREATE VIRTUAL TABLE/i.test(row.sql ?? '')).map((row) => row.name)
  const sourceTables = all.map((row) => row.name).filter((name) => !virtualTables.some((virtual) => name.startsWith(`${virtual}_`)))
  const { rows: targetColumns } = await target.query<{ table_name: string; column_name: string; data_type: string; is_generated: string; column_default: string | null }>(
    `SELECT c.table_name, c.column_name, c.data_type, c.is_generated, c.column_default
     FROM information_schema.columns c JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
     WHERE c.table_schema = $1 AND t.table_type = 'BASE TABLE'`,
    [schema],
  )
  const byTable = new Map<string, typeof targetColumns>()
  for (const column of targetColumns) byTable.set(column.table_name, [...(byTable.get(column.table_name) ?? []), column])

  const tables: TablePlan[] = []
  const skipped: string[] = []
  const searchIndexes: string[] = []
  for (const name of sourceTables) {
    const targetTable = byTable.get(name)
    if (INTERNAL.has(name)) continue
    if (!targetTable) {
      // A virtual table (FTS5, sqlite-vec) the target lacks is a search index it builds its own way.
      ;(virtualTables.includes(name) ? searchIndexes : skipped).push(name)
      continue
    }
    const info = source.prepare(`PRAGMA table_info("${name}")`).all() as { name: string; pk: number }[]
    const writable = new Map(targetTable.filter((column) => column.is_generated !== 'ALWAYS').map((column) => [column.column_name, column]))
    const columns = info.map((column) => column.name).filter((column) => writable.has(column))
    const primaryKey = info.filter((column) => column.pk > 0).sort((a, b) => a.pk - b.pk).map((column) => column.name)
    tables.push({
      name,
      columns,
      key: primaryKey.length > 0 ? primaryKey : ['rowid'],
      targetTypes: Object.fromEntries(columns.map((column) => [column, writable.get(column)!.data_type])),
      serialColumns: columns.filter((column) => writable.get(column)!.column_default?.startsWith('nextval(')),
    })
  }
  return { tables: orderByForeignKeys(source, tables), skipped, searchIndexes }
}

/** Parents before children, so foreign keys hold at every commit; otherwise by name. */
function orderByForeignKeys(source: SqliteDatabase, tables: TablePlan[]): TablePlan[] {
  const names = new Set(tables.map((table) => table.name))
  const parents = new Map(
    tables.map((table) => [
      table.name,
      new Set((source.prepare(`PRAGMA foreign_key_list("${table.name}")`).all() as { table: string }[]).map((row) => row.table).filter((parent) => names.has(parent) && parent !== table.name)),
    ]),
  )
  const ordered: TablePlan[] = []
  const placed = new Set<string>()
  // At most one pass per table; a cycle (none today) falls back to name order.
  for (let pass = 0; pass <= tables.length && placed.size < tables.length; pass++) {
    for (const table of tables) {
      if (placed.has(table.name)) continue
      if ([...parents.get(table.name)!].every((parent) => placed.has(parent)) || pass === tables.length) {
        ordered.push(table)
        placed.add(table.name)
      }
    }
  }
  return ordered
}
