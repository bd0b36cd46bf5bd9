import type { AppRecord } from '../storage.js'

/** An `apps` row, as every SQL backend returns it. */
export interface AppRow {
  id: string
  name: string
  secret_hash: string
  signing_key: string
  created_at: number
  settings: string
}

/** Turns an `apps` row into the record the storage API returns. */
export const toApp = (row: AppRow): AppRecord => ({
  id: row.id,
  name: row.name,
  secretHash: row.secret_hash,
  signingKey: row.signing_key,
  createdAt: row.created_at,
  settings: JSON.parse(row.settings) as AppRecord['settings'],
})
