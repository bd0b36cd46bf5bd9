import { sql } from 'kysely'
import type { SealedColumn, SealedColumnRow, SealedValueChange } from '../compliance-store.js'
import type { StoreDatabase } from '../kysely/store-database.js'

const IDENTIFIER = /^[a-z_]+$/

/** Refuses a column spec with anything but plain identifiers (they are spliced into SQL as references). */
function checked(spec: SealedColumn): SealedColumn {
  for (const name of [spec.table, spec.column, spec.app, ...spec.key]) {
    if (!IDENTIFIER.test(name)) throw new Error(`not a column name: ${name}`)
  }
  if (spec.keyPrefix !== undefined && spec.app !== spec.key[0]) throw new Error('a key prefix names the app by the first key column')
  return spec
}

const refs = (names: readonly string[]) => sql.join(names.map((name) => sql.ref(name)))
const values = (list: readonly (string | number)[]) => sql.join(list.map((value) => sql`${value}`))

/**
 * One page of a column's non-null values in key order after `after` (row-value comparison, on
 * both engines; ordered and compared in the columns' own collation, so no row is skipped): the rows bulk re-encryption looks at. With `keyPrefix`, only rows whose first key
 * starts with it, the app id being the rest of that key (settings rows named after their app).
 */
export async function sealedColumnPage(store: StoreDatabase, spec: SealedColumn, after: readonly (string | number)[] | undefined, limit: number): Promise<SealedColumnRow[]> {
  const { table, column, key, app, keyPrefix } = checked(spec)
  const conditions = [sql`${sql.ref(column)} IS NOT NULL`]
  if (after) conditions.push(sql`(${refs(key)}) > (${values(after)})`)
  if (keyPrefix !== undefined) conditions.push(sql`${sql.ref(key[0]!)} LIKE ${`${keyPrefix.replace(/[\\%_]/g, (match) => `\\${match}`)}%`} ESCAPE '\\'`)
  const result = await sql<Record<string, unknown>>`SELECT ${refs(key)}, ${sql.ref(app)} AS app_of_row, ${sql.ref(column)} AS value_of_row FROM ${sql.table(table)}
    WHERE ${sql.join(conditions, sql` AND `)} ORDER BY ${refs(key)} LIMIT ${limit}`.execute(store.db)
  return result.rows.map((row) => {
    const appValue = String(row.app_of_row)
    return {
      key: key.map((name) => (typeof row[name] === 'bigint' ? Number(row[name]) : (row[name] as string | number))),
      appId: keyPrefix !== undefined ? appValue.slice(keyPrefix.length) : appValue,
      value: String(row.value_of_row),
    }
  })
}

/**
 * Writes re-encrypted values in one transaction, each only where the row still holds the value it
 * was read with (a row written meanwhile is left as it is); answers how many were replaced.
 */
export async function replaceSealedValues(store: StoreDatabase, spec: SealedColumn, changes: readonly SealedValueChange[]): Promise<number> {
  const { table, column, key } = checked(spec)
  if (changes.length === 0) return 0
  return store.transaction(async (trx) => {
    let replaced = 0
    for (const change of changes) {
      const match = key.map((name, index) => sql`${sql.ref(name)} = ${change.key[index]}`)
      const result = await sql`UPDATE ${sql.table(table)} SET ${sql.ref(column)} = ${change.to} WHERE ${sql.join([...match, sql`${sql.ref(column)} = ${change.from}`], sql` AND `)}`.execute(trx)
      replaced += Number(result.numAffectedRows ?? 0)
    }
    return replaced
  })
}
