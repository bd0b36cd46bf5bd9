import type { Migration } from './migration.js'
import { coreSchema } from './001-core-schema.js'
import { webhooksSchema } from './003-webhooks.js'
import { filesSchema } from './004-files.js'
import { imFeatures } from './002-im-features.js'
import { consoleSchema } from './005-console.js'
import { botsSchema } from './006-bots.js'
import { supportSchema } from './007-support.js'
import { toolsSchema } from './008-tools.js'
import { complianceSchema } from './009-compliance.js'
import { evaluationsSchema } from './010-evaluations.js'
import { knowledgeSourcesSchema } from './011-knowledge-sources.js'
import { pushSchema } from './012-push.js'
import { appKeysSchema } from './013-app-keys.js'
import { consoleAuditPersonalSchema } from './014-console-audit-personal.js'
import { appDeletionSchema } from './015-app-deletion.js'

export type { Migration } from './migration.js'

/** Every server migration, in order. */
export const MIGRATIONS: readonly Migration[] = [coreSchema, imFeatures, webhooksSchema, filesSchema, consoleSchema, botsSchema, supportSchema, toolsSchema, complianceSchema, evaluationsSchema, knowledgeSourcesSchema, pushSchema, appKeysSchema, consoleAuditPersonalSchema, appDeletionSchema]
