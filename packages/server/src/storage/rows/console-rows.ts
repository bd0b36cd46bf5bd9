import type { AuditEntry, ConsoleAccountRecord } from '../console-store.js'
import { fromJsonColumn } from '../sqlite/json-column.js'

/** A `console_accounts` row. `disabled` is 0/1 in SQLite and a boolean in PostgreSQL. */
export interface AccountRow {
  id: string
  email: string
  name: string
  password_hash: string
  role: ConsoleAccountRecord['role']
  disabled: boolean | number
  created_at: number
}

/** Turns a `console_accounts` row into a record. */
export const toAccount = (row: AccountRow): ConsoleAccountRecord => ({
  id: row.id,
  email: row.email,
  name: row.name,
  passwordHash: row.password_hash,
  role: row.role,
  disabled: row.disabled === true || row.disabled === 1,
  createdAt: row.created_at,
})

/** An `audit_log` row. */
export interface AuditRow {
  id: number
  ts: number
  actor_type: AuditEntry['actorType']
  actor_id: string | null
  action: string
  app_id: string | null
  target: string | null
  status: number | null
  ip: string | null
  user_agent: string | null
  details: string | null
}

/** Turns an `audit_log` row into an entry. */
export const toAudit = (row: AuditRow): AuditEntry => ({
  id: row.id,
  ts: row.ts,
  actorType: row.actor_type,
  actorId: row.actor_id,
  action: row.action,
  appId: row.app_id,
  target: row.target,
  status: row.status,
  ip: row.ip,
  userAgent: row.user_agent,
  details: fromJsonColumn<Record<string, unknown>>(row.details) ?? null,
})
