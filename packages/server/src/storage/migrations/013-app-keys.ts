import { writtenOnce } from './written-once.js'

/** Encryption at rest: each app's data key, wrapped by the master key (issue 20). */
export const appKeysSchema = writtenOnce(13, 'app-keys', (schema, types) => [
  schema
    .createTable('app_keys')
    .addColumn('app_id', 'text', (column) => column.primaryKey())
    .addColumn('wrapped', 'text')
    .addColumn('master_key_id', 'text')
    .addColumn('created_at', types.bigint, (column) => column.notNull())
    .addColumn('rewrapped_at', types.bigint)
    .addColumn('destroyed_at', types.bigint),
  // `warbler keys rotate` walks the keys still under an old master key.
  schema.createIndex('app_keys_by_master').on('app_keys').columns(['master_key_id', 'app_id']),
])
