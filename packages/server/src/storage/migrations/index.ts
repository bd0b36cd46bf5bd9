import type { Migration } from './migration.js'
import { coreSchema } from './001-core-schema.js'

export type { Migration } from './migration.js'

/** Every server migration, in order. */
export const MIGRATIONS: readonly Migration[] = [coreSchema]
