import type { Selectable } from 'kysely'
import type { AuditEntry, ConsoleAccountRecord } from '../console-store.js'
import { fromJsonColumn } from '../sqlite/json-column.js'
import type { Database } from '../kysely/database.js'

/** A `console_accounts` row. `disabled` is 0/1 in SQLite and a boolean in PostgreSQL. */
export type AccountRow = Selectable<Database['console_accounts']>

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
export type AuditRow = Selectable<Database['audit_log']>

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
