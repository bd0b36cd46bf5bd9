import { writtenOnce } from './written-once.js'

/**
 * Deleting an app (issue 20, helper "compliance-2"): `apps.deleted_at` marks an app deleted at once
 * (every lookup skips it, its secret and token signing key are replaced), while a background purge
 * removes its rows in small batches; the row itself goes last, once nothing refers to it.
 */
export const appDeletionSchema = writtenOnce(15, 'app-deletion', (schema, types) => [
  schema.alterTable('apps').addColumn('deleted_at', types.bigint),
])
