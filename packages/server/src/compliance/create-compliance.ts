import type { ServerConfig } from '../config/config.js'
import type { Logger } from '../observability/logger.js'
import type { Storage } from '../storage/storage.js'
import { AuditChain } from './audit-chain.js'
import { resolveAuditKey } from './audit-key.js'

/** The compliance services of a node. */
export interface Compliance {
  /** The tamper-evident audit chain. */
  chain: AuditChain
}

/** Builds the compliance services over the storage (which must have a compliance store). */
export function createCompliance(storage: Storage, config: Pick<ServerConfig, 'dataDir' | 'databaseUrl'>, logger: Logger): Compliance {
  if (!storage.compliance) throw new Error('This storage has no compliance store.')
  const { key, source } = resolveAuditKey(config.dataDir, process.env.WARBLER_AUDIT_KEY)
  if (source !== 'environment' && config.databaseUrl) {
    logger.warn('the audit chain key is kept in this node\'s data dir: set WARBLER_AUDIT_KEY on every node of a cluster')
  }
  return { chain: new AuditChain(storage.compliance, key) }
}
