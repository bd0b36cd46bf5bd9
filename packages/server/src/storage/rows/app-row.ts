import type { Selectable } from 'kysely'
import type { AppRecord } from '../storage.js'
import type { Database } from '../kysely/database.js'

/** An `apps` row, as every SQL backend returns it. */
export type AppRow = Selectable<Database['apps']>

/** Turns an `apps` row into the record the storage API returns. */
export const toApp = (row: AppRow): AppRecord => ({
  id: row.id,
  name: row.name,
  secretHash: row.secret_hash,
  signingKey: row.signing_key,
  createdAt: row.created_at,
  settings: JSON.parse(row.settings) as AppRecord['settings'],
})
