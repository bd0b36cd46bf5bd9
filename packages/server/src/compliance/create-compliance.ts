import type { Control } from '../bus/control.js'
import type { ServerConfig } from '../config/config.js'
import type { FileStorage } from '../files/file-storage.js'
import type { PresenceService } from '../gateway/presence.js'
import type { Logger } from '../observability/logger.js'
import type { ReadCaches } from '../read-cache/read-caches.js'
import type { Storage } from '../storage/storage.js'
import { AuditChain } from './audit-chain.js'
import { resolveAuditKey } from './audit-key.js'
import { createHmac } from 'node:crypto'
import { join } from 'node:path'
import type { MessageService } from '../domain/message-service.js'
import { ErasureService } from './erasure-service.js'
import { ExportService } from './export-service.js'
import type { Registry } from 'prom-client'
import type { ConsoleStore } from '../storage/console-store.js'
import { chainedConsoleStore } from './chained-console-store.js'
import { RetentionService } from './retention-service.js'
import { AppDeletionService } from './app-deletion-service.js'
import { AppPurge, type PurgeKnowledge } from './app-purge.js'

/** The compliance services of a node. */
export interface Compliance {
  /** The tamper-evident audit chain. */
  chain: AuditChain
  /** Erasure of app users. */
  erasure: ErasureService
  /** Exports of app users. */
  exports: ExportService
  /** The retention purge (scheduled hourly; `warbler retention run` by hand). */
  retention: RetentionService
  /** Deleting apps (absent on storages without an app purge store). */
  appDeletion?: AppDeletionService
  /** The background purge of deleted apps' rows. */
  appPurge?: AppPurge
  /** The console store whose every audit append is also sealed into the chain. */
  consoleStore: ConsoleStore
  /** Starts the background work (export queue). */
  start(): void
  stop(): Promise<void>
}

/** What the compliance services use of the node. */
export interface ComplianceDependencies {
  storage: Storage
  config: Pick<ServerConfig, 'dataDir' | 'databaseUrl'>
  logger: Logger
  files: FileStorage
  control: Control
  caches: ReadCaches
  presence: PresenceService
  messages: MessageService
  /** The node's id (the retention lease holder). */
  nodeId: string
  /** The node's metrics registry. */
  registry?: Registry
  /** Each app's data key (the node's keyring): export zips are kept encrypted with it. */
  dataKeyOf?: (appId: string) => Promise<Buffer>
  /**
   * Destroys an app's data key and tells every node (the keyring's `shred`); without a keyring the
   * deletion sends the notice itself.
   */
  shredKey?: (appId: string) => Promise<boolean>
  /** The knowledge bases a deleted app's purge removes. */
  knowledge?: PurgeKnowledge
  /** How often the retention purge runs on its own; 0 never. Default hourly. */
  retentionIntervalMs?: number
  now?: () => number
}

/** Builds the compliance services over the storage (which must have a compliance store). */
export function createCompliance(deps: ComplianceDependencies): Compliance {
  const { storage, config, logger } = deps
  if (!storage.compliance) throw new Error('This storage has no compliance store.')
  const { key, source } = resolveAuditKey(config.dataDir, process.env.WARBLER_AUDIT_KEY)
  if (source !== 'environment' && config.databaseUrl) {
    logger.warn('the audit chain key is kept in this node\'s data dir: set WARBLER_AUDIT_KEY on every node of a cluster')
  }
  const now = deps.now ?? Date.now
  // Each use of the key gets its own derived key, so a signature of one kind never passes for another.
  const derived = (purpose: string) => createHmac('sha256', key).update(`warbler/${purpose}`).digest()
  const exports = new ExportService(
    { storage, store: storage.compliance, messages: deps.messages, files: deps.files },
    { directory: join(config.dataDir, 'exports'), key: derived('export-url'), now, logger, ...(deps.dataKeyOf ? { dataKeyOf: deps.dataKeyOf } : {}) },
  )
  const chain = new AuditChain(storage.compliance, key)
  const consoleStore = chainedConsoleStore(storage.console, chain, logger)
  const retention = new RetentionService({
    storage, store: storage.compliance, files: deps.files, audit: (entry) => consoleStore.appendAudit(entry), holder: deps.nodeId, now, ...(deps.registry ? { registry: deps.registry } : {}),
  })
  const shred = deps.shredKey ?? (async (appId: string) => (await deps.control.send({ type: 'app-key-shredded', appId }), false))
  const appPurge = storage.appPurge
    ? new AppPurge({
        store: storage.appPurge, leases: storage.compliance, files: deps.files, fileRows: storage.files, audit: (entry) => consoleStore.appendAudit(entry),
        holder: deps.nodeId, now, logger, shred, ...(deps.knowledge ? { knowledge: deps.knowledge } : {}),
      })
    : undefined
  const appDeletion = storage.appPurge && appPurge
    ? new AppDeletionService({ store: storage.appPurge, compliance: storage.compliance, ...(storage.appKeys ? { keys: storage.appKeys } : {}), shred, purge: appPurge, now })
    : undefined
  const interval = deps.retentionIntervalMs ?? 60 * 60 * 1000
  let timer: NodeJS.Timeout | undefined
  let running: Promise<unknown> = Promise.resolve()
  return {
    chain,
    consoleStore,
    retention,
    ...(appDeletion ? { appDeletion } : {}),
    ...(appPurge ? { appPurge } : {}),
    erasure: new ErasureService({ storage, store: storage.compliance, files: deps.files, control: deps.control, caches: deps.caches, presence: deps.presence, key, now }),
    exports,
    start() {
      exports.start()
      // A deletion whose purge stopped (a restart) is finished.
      appPurge?.kick()
      if (interval > 0 && !timer) {
        timer = setInterval(() => {
          appPurge?.kick()
          running = retention.run().catch((error: unknown) => logger.error({ err: error }, 'retention run failed'))
        }, interval)
        timer.unref()
      }
    },
    async stop() {
      if (timer) clearInterval(timer)
      timer = undefined
      await Promise.all([exports.stop(), running, appPurge?.stop()])
    },
  }
}
