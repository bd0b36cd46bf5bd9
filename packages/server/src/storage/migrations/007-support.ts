import { writtenOnce } from './written-once.js'

/**
 * Customer service (issue 15): agent profiles, the support state of each conversation, the cases
 * (one per hand-off, for CSAT and analytics), private notes (never events of the conversation),
 * canned replies, CSAT ratings and per-app settings (hand-off phrases, SLA, business hours).
 */
export const supportSchema = writtenOnce(7, 'support', (schema, types) => [
  schema
    .createTable('support_agents')
    .addColumn('app_id', 'text', (column) => column.notNull())
    .addColumn('user_id', 'text', (column) => column.notNull())
    .addColumn('capacity', 'integer', (column) => column.notNull())
    .addColumn('teams', 'text', (column) => column.notNull())
    .addColumn('availability', 'text', (column) => column.notNull())
    .addColumn('open_count', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('last_assigned_at', types.bigint)
    .addColumn('created_at', types.bigint, (column) => column.notNull())
    .addColumn('updated_at', types.bigint, (column) => column.notNull())
    .addPrimaryKeyConstraint('support_agents_pk', ['app_id', 'user_id']),
  schema
    .createTable('support_states')
    .addColumn('app_id', 'text', (column) => column.notNull())
    .addColumn('conversation_id', 'text', (column) => column.notNull())
    .addColumn('customer_id', 'text')
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('assignee_id', 'text')
    .addColumn('team', 'text')
    .addColumn('priority', 'text', (column) => column.notNull())
    .addColumn('reason', 'text')
    .addColumn('summary', 'text')
    .addColumn('case_id', 'text')
    .addColumn('queued_at', types.bigint)
    .addColumn('assigned_at', types.bigint)
    .addColumn('first_response_at', types.bigint)
    .addColumn('resolved_at', types.bigint)
    .addColumn('snoozed_until', types.bigint)
    .addColumn('first_response_breached', types.boolean, (column) => column.notNull().defaultTo(types.falseValue))
    .addColumn('resolution_breached', types.boolean, (column) => column.notNull().defaultTo(types.falseValue))
    .addColumn('created_at', types.bigint, (column) => column.notNull())
    .addColumn('updated_at', types.bigint, (column) => column.notNull())
    .addPrimaryKeyConstraint('support_states_pk', ['app_id', 'conversation_id']),
  schema.createIndex('support_states_by_status').on('support_states').columns(['app_id', 'status', 'queued_at']),
  schema.createIndex('support_states_by_assignee').on('support_states').columns(['app_id', 'assignee_id']),
  schema.createIndex('support_states_by_snooze').on('support_states').columns(['status', 'snoozed_until']),
  schema.createIndex('support_states_by_created').on('support_states').columns(['app_id', 'created_at']),
  schema
    .createTable('support_cases')
    .addColumn('app_id', 'text', (column) => column.notNull())
    .addColumn('id', 'text', (column) => column.notNull())
    .addColumn('conversation_id', 'text', (column) => column.notNull())
    .addColumn('reason', 'text', (column) => column.notNull())
    .addColumn('team', 'text')
    .addColumn('priority', 'text', (column) => column.notNull())
    .addColumn('assignee_id', 'text')
    .addColumn('queued_at', types.bigint, (column) => column.notNull())
    .addColumn('first_response_at', types.bigint)
    .addColumn('resolved_at', types.bigint)
    .addPrimaryKeyConstraint('support_cases_pk', ['app_id', 'id']),
  schema.createIndex('support_cases_by_time').on('support_cases').columns(['app_id', 'queued_at']),
  schema
    .createTable('support_notes')
    .addColumn('app_id', 'text', (column) => column.notNull())
    .addColumn('id', 'text', (column) => column.notNull())
    .addColumn('conversation_id', 'text', (column) => column.notNull())
    .addColumn('author_id', 'text', (column) => column.notNull())
    .addColumn('text', 'text', (column) => column.notNull())
    .addColumn('created_at', types.bigint, (column) => column.notNull())
    .addPrimaryKeyConstraint('support_notes_pk', ['app_id', 'id']),
  schema.createIndex('support_notes_by_conversation').on('support_notes').columns(['app_id', 'conversation_id', 'created_at']),
  schema
    .createTable('support_canned_replies')
    .addColumn('app_id', 'text', (column) => column.notNull())
    .addColumn('id', 'text', (column) => column.notNull())
    .addColumn('shortcut', 'text', (column) => column.notNull())
    .addColumn('text', 'text', (column) => column.notNull())
    .addColumn('created_at', types.bigint, (column) => column.notNull())
    .addColumn('updated_at', types.bigint, (column) => column.notNull())
    .addPrimaryKeyConstraint('support_canned_replies_pk', ['app_id', 'id'])
    .addUniqueConstraint('support_canned_replies_shortcut', ['app_id', 'shortcut']),
  schema
    .createTable('support_csat')
    .addColumn('app_id', 'text', (column) => column.notNull())
    .addColumn('case_id', 'text', (column) => column.notNull())
    .addColumn('conversation_id', 'text', (column) => column.notNull())
    .addColumn('user_id', 'text', (column) => column.notNull())
    .addColumn('rating', 'integer', (column) => column.notNull())
    .addColumn('comment', 'text')
    .addColumn('assignee_id', 'text')
    .addColumn('team', 'text')
    .addColumn('resolved_at', types.bigint, (column) => column.notNull())
    .addColumn('created_at', types.bigint, (column) => column.notNull())
    .addPrimaryKeyConstraint('support_csat_pk', ['app_id', 'case_id']),
  schema.createIndex('support_csat_by_time').on('support_csat').columns(['app_id', 'created_at']),
  schema
    .createTable('support_settings')
    .addColumn('app_id', 'text', (column) => column.notNull().primaryKey())
    .addColumn('settings', 'text', (column) => column.notNull())
    .addColumn('updated_at', types.bigint, (column) => column.notNull()),
])
