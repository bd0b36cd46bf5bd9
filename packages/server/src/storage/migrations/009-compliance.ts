import { writtenOnce } from './written-once.js'

/**
 * Compliance (issue 20): the HMAC audit chain and its personal side table, erasure receipts, export
 * jobs, legal holds, retention policies, how far retention has purged each conversation, and the lease the purge job runs under.
 */
export const complianceSchema = writtenOnce(9, 'compliance', (schema, types) => [
  schema
    .createTable('audit_chain')
    .addColumn('seq', types.bigint, (column) => column.primaryKey())
    .addColumn('ts', types.bigint, (column) => column.notNull())
    .addColumn('actor_type', 'text', (column) => column.notNull())
    .addColumn('action', 'text', (column) => column.notNull())
    .addColumn('app_id', 'text')
    .addColumn('status', 'integer')
    .addColumn('personal_mac', 'text')
    .addColumn('prev_mac', 'text', (column) => column.notNull())
    .addColumn('mac', 'text', (column) => column.notNull()),
  schema
    .createTable('audit_personal')
    .addColumn('seq', types.bigint, (column) => column.primaryKey())
    .addColumn('app_id', 'text')
    .addColumn('subject_user_id', 'text')
    .addColumn('actor_id', 'text')
    .addColumn('target', 'text')
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .addColumn('details', 'text'),
  schema.createIndex('audit_personal_by_subject').on('audit_personal').columns(['app_id', 'subject_user_id']),
  schema
    .createTable('erasures')
    .addColumn('app_id', 'text', (column) => column.notNull())
    .addColumn('user_id', 'text', (column) => column.notNull())
    .addColumn('pseudonym', 'text', (column) => column.notNull())
    .addColumn('receipt', 'text', (column) => column.notNull())
    .addColumn('erased_at', types.bigint, (column) => column.notNull())
    .addPrimaryKeyConstraint('erasures_pk', ['app_id', 'user_id']),
  schema
    .createTable('export_jobs')
    .addColumn('app_id', 'text', (column) => column.notNull())
    .addColumn('id', 'text', (column) => column.notNull())
    .addColumn('user_id', 'text', (column) => column.notNull())
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('token_hash', 'text')
    .addColumn('path', 'text')
    .addColumn('error', 'text')
    .addColumn('created_at', types.bigint, (column) => column.notNull())
    .addColumn('updated_at', types.bigint, (column) => column.notNull())
    .addColumn('expires_at', types.bigint)
    .addPrimaryKeyConstraint('export_jobs_pk', ['app_id', 'id']),
  schema.createIndex('export_jobs_by_status').on('export_jobs').columns(['status', 'updated_at']),
  schema
    .createTable('legal_holds')
    .addColumn('app_id', 'text', (column) => column.notNull())
    .addColumn('kind', 'text', (column) => column.notNull())
    .addColumn('target_id', 'text', (column) => column.notNull())
    .addColumn('reason', 'text')
    .addColumn('created_at', types.bigint, (column) => column.notNull())
    .addPrimaryKeyConstraint('legal_holds_pk', ['app_id', 'kind', 'target_id']),
  schema
    .createTable('retention_policies')
    .addColumn('app_id', 'text', (column) => column.notNull())
    .addColumn('conversation_id', 'text', (column) => column.notNull())
    .addColumn('messages_days', 'integer')
    .addColumn('files_days', 'integer')
    .addColumn('updated_at', types.bigint, (column) => column.notNull())
    .addPrimaryKeyConstraint('retention_policies_pk', ['app_id', 'conversation_id']),
  schema
    .createTable('retention_cursors')
    .addColumn('app_id', 'text', (column) => column.notNull())
    .addColumn('conversation_id', 'text', (column) => column.notNull())
    .addColumn('purged_through_seq', types.bigint, (column) => column.notNull())
    .addColumn('updated_at', types.bigint, (column) => column.notNull())
    .addPrimaryKeyConstraint('retention_cursors_pk', ['app_id', 'conversation_id']),
  schema
    .createTable('compliance_leases')
    .addColumn('name', 'text', (column) => column.primaryKey())
    .addColumn('holder', 'text', (column) => column.notNull())
    .addColumn('expires_at', types.bigint, (column) => column.notNull()),
])
