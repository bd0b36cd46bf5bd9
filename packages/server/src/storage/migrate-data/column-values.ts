import { directKeyToColumn } from '../postgres/postgres-direct-key.js'
import { searchTokensColumn } from '../postgres/postgres-search-terms.js'

/**
 * Values whose PostgreSQL form differs from their SQLite form, per table and column: direct keys
 * (NUL cannot be stored in PostgreSQL text) and search tokens (normalised the way PostgreSQL
 * search matches them).
 */
const COLUMN_TRANSFORMS: Record<string, Record<string, (value: unknown) => unknown>> = {
  conversations: { direct_key: (value) => (typeof value === 'string' ? directKeyToColumn(value) : value) },
  message_search: { tokens: (value) => searchTokensColumn(typeof value === 'string' ? value : String(value ?? '')) ?? '' },
}

/** Turns one SQLite value into the value the target column takes. */
export function toTargetValue(table: string, column: string, targetType: string, value: unknown): unknown {
  const transform = COLUMN_TRANSFORMS[table]?.[column]
  if (transform) return transform(value)
  if (value === null || value === undefined) return null
  if (targetType === 'boolean') return value === 1 || value === 1n || value === true || value === '1'
  if (typeof value === 'bigint') return value.toString()
  if (Buffer.isBuffer(value) && targetType !== 'bytea') return value.toString('utf8')
  return value
}
