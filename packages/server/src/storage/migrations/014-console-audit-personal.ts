import { writtenOnce } from './written-once.js'

/**
 * The console audit log keeps no personal data of new entries (issue 20, helper "compliance"): each
 * `audit_log` row names the audit chain entry it was written with (`chain_seq`), whose side row in
 * `audit_personal` holds who did it and to whom, so erasing a person scrubs the console's log too
 * and the chain still verifies. Rows written before keep their columns (the table is append-only).
 */
export const consoleAuditPersonalSchema = writtenOnce(14, 'console-audit-personal', (schema, types) => [
  schema.alterTable('audit_log').addColumn('chain_seq', types.bigint),
])
