import { writtenOnce } from './written-once.js'

/** Push notifications: device targets, the push outbox, provider credentials, user preferences. */
export const pushSchema = writtenOnce(12, 'push', (schema, types) => [
  schema
    .createTable('push_targets')
    .addColumn('app_id', 'text', (column) => column.notNull())
    .addColumn('user_id', 'text', (column) => column.notNull())
    .addColumn('device_id', 'text', (column) => column.notNull())
    .addColumn('provider', 'text', (column) => column.notNull())
    .addColumn('address', 'text', (column) => column.notNull())
    .addColumn('address_key', 'text', (column) => column.notNull())
    .addColumn('created_at', types.bigint, (column) => column.notNull())
    .addColumn('updated_at', types.bigint, (column) => column.notNull())
    .addPrimaryKeyConstraint('push_targets_pk', ['app_id', 'user_id', 'device_id']),
  schema.createIndex('push_targets_by_address').unique().on('push_targets').columns(['app_id', 'address_key']),
  schema
    .createTable('push_jobs')
    .addColumn('app_id', 'text', (column) => column.notNull())
    .addColumn('id', 'text', (column) => column.notNull())
    .addColumn('user_id', 'text', (column) => column.notNull())
    .addColumn('device_id', 'text', (column) => column.notNull())
    .addColumn('provider', 'text', (column) => column.notNull())
    .addColumn('conversation_id', 'text', (column) => column.notNull())
    .addColumn('seq', types.bigint, (column) => column.notNull())
    .addColumn('collapsed', 'integer', (column) => column.notNull().defaultTo(1))
    .addColumn('payload', 'text', (column) => column.notNull())
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('attempts', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('next_attempt_at', types.bigint, (column) => column.notNull())
    .addColumn('last_status_code', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('message_at', types.bigint, (column) => column.notNull())
    .addColumn('created_at', types.bigint, (column) => column.notNull())
    .addColumn('updated_at', types.bigint, (column) => column.notNull())
    .addColumn('sent_at', types.bigint)
    .addPrimaryKeyConstraint('push_jobs_pk', ['app_id', 'id']),
  // One push per device per message, whichever node plans it.
  schema.createIndex('push_jobs_once').unique().on('push_jobs').columns(['app_id', 'user_id', 'device_id', 'conversation_id', 'seq']),
  schema.createIndex('push_jobs_due').on('push_jobs').columns(['status', 'next_attempt_at']),
  schema.createIndex('push_jobs_by_time').on('push_jobs').columns(['app_id', 'created_at']),
  schema
    .createTable('push_credentials')
    .addColumn('app_id', 'text', (column) => column.notNull())
    .addColumn('provider', 'text', (column) => column.notNull())
    .addColumn('sealed', 'text', (column) => column.notNull())
    .addColumn('public_info', 'text', (column) => column.notNull())
    .addColumn('updated_at', types.bigint, (column) => column.notNull())
    .addPrimaryKeyConstraint('push_credentials_pk', ['app_id', 'provider']),
  schema
    .createTable('push_preferences')
    .addColumn('app_id', 'text', (column) => column.notNull())
    .addColumn('user_id', 'text', (column) => column.notNull())
    .addColumn('enabled', types.boolean, (column) => column.notNull())
    .addColumn('do_not_disturb', 'text')
    .addColumn('mentions_override_mute', types.boolean, (column) => column.notNull())
    .addColumn('updated_at', types.bigint, (column) => column.notNull())
    .addPrimaryKeyConstraint('push_preferences_pk', ['app_id', 'user_id']),
])
