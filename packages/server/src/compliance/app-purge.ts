import { rm } from 'node:fs/promises'
import type { FileStorage } from '../files/file-storage.js'
import type { Logger } from '../observability/logger.js'
import type { AppPurgeStore, PurgeTable } from '../storage/app-purge-store.js'
import type { ComplianceStore } from '../storage/compliance-store.js'
import type { AuditEntry } from '../storage/console-store.js'
import type { FileStore } from '../storage/file-store.js'

const LEASE = 'app-purge'
const LEASE_MS = 60_000
/** The audit actions whose personal rows outlive the app: the record that it was deleted. */
export const DELETION_ACTIONS = ['DELETE /api/v1/apps/:appId'] as const

/** The knowledge bases of an app, as the purge removes them (their passages, search and vector rows with them). */
export interface PurgeKnowledge {
  listKnowledgeBases(appId: string): Promise<{ id: string }[]>
  deleteKnowledgeBase(appId: string, kbId: string): Promise<void>
}

/** What the purge uses. */
export interface AppPurgeDependencies {
  store: AppPurgeStore
  /** Where the lease is kept (one node purges at a time). */
  leases: Pick<ComplianceStore, 'acquireLease' | 'releaseLease'>
  files: FileStorage
  fileRows: FileStore
  knowledge?: PurgeKnowledge
  /** Destroys the app's key (again: a deletion that stopped before it did is finished here). */
  shred?: (appId: string) => Promise<boolean>
  audit: (entry: Omit<AuditEntry, 'id'>) => Promise<unknown>
  holder: string
  now: () => number
  logger: Logger
  /** Rows per delete (one short transaction each). Default 500. */
  batchSize?: number
}

/** What one app's purge removed, per table (and `files`, `exports`, `knowledgeBases`, `auditPersonal`). */
export interface AppPurgeReport {
  appId: string
  counts: Record<string, number>
  durationMs: number
}

/**
 * The background purge of deleted apps: file bytes and thumbnails, export zips, knowledge bases,
 * the personal side rows of their audit entries, then every row of every table with an `app_id`,
 * in batches of {@link AppPurgeDependencies.batchSize} with other work let in between, the `apps`
 * row last. One node at a time (a lease), resumable: each step only finds what is left, so a purge
 * that stopped is finished by the next run (at start, after a deletion, and with the retention timer).
 *
 * @example
 * ```ts
 * const purge = new AppPurge({ store: storage.appPurge, leases: storage.compliance, files, fileRows: storage.files, audit, holder: nodeId, now: Date.now, logger })
 * purge.kick()
 * ```
 */
export class AppPurge {
  #running: Promise<void> | undefined
  #again = false
  #stopped = false
  readonly #batch: number

  constructor(private readonly deps: AppPurgeDependencies) {
    this.#batch = deps.batchSize ?? 500
  }

  /** Starts a run in the background (or another after the current one). */
  kick(): void {
    if (this.#stopped) return
    if (this.#running) {
      this.#again = true
      return
    }
    this.#running = (async () => {
      do {
        this.#again = false
        await this.run().catch((error: unknown) => this.deps.logger.error({ err: error }, 'app purge failed'))
      } while (this.#again && !this.#stopped)
    })().finally(() => (this.#running = undefined))
  }

  /** Waits for the run under way (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.#running) await this.#running
  }

  async stop(): Promise<void> {
    this.#stopped = true
    await this.idle()
  }

  /** Purges every deleted app still pending; answers what each lost. Nothing when another node holds the lease. */
  async run(): Promise<AppPurgeReport[]> {
    const { store, leases, holder, now } = this.deps
    const pending = await store.pendingDeletions()
    if (pending.length === 0) return []
    if (!(await leases.acquireLease(LEASE, holder, now(), now() + LEASE_MS))) return []
    const reports: AppPurgeReport[] = []
    try {
      for (const { appId } of pending) {
        const report = await this.#purge(appId)
        if (!report) break
        reports.push(report)
      }
    } finally {
      await leases.releaseLease(LEASE, holder)
    }
    return reports
  }

  /** Removes everything of one app; undefined when the node is stopping (the next run resumes). */
  async #purge(appId: string): Promise<AppPurgeReport | undefined> {
    const { store, now } = this.deps
    const started = now()
    const counts: Record<string, number> = {}
    const add = (kind: string, count: number) => {
      if (count > 0) counts[kind] = (counts[kind] ?? 0) + count
    }
    await this.deps.shred?.(appId)
    // Bytes first: the rows are how they are found.
    for (let after: string | undefined; ; ) {
      const files = await store.files(appId, this.#batch, after)
      for (const file of files) {
        await this.deps.files.delete(file.storageKey)
        if (file.thumbnailKey) await this.deps.files.delete(file.thumbnailKey)
        await this.deps.fileRows.delete(appId, file.id)
      }
      add('files', files.length)
      if (files.length < this.#batch) break
      after = files.at(-1)!.id
      if (!(await this.#pause())) return undefined
    }
    const zips = await store.exportPaths(appId)
    for (const path of zips) await rm(path, { force: true })
    add('exports', zips.length)
    if (this.deps.knowledge) {
      const bases = await this.deps.knowledge.listKnowledgeBases(appId)
      for (const base of bases) await this.deps.knowledge.deleteKnowledgeBase(appId, base.id)
      add('knowledgeBases', bases.length)
    }
    add('auditPersonal', await store.erasePersonal(appId, DELETION_ACTIONS))
    for (const table of await store.tables()) {
      const removed = await this.#drain(table, appId)
      if (removed === undefined) return undefined
      add(table.name, removed)
    }
    await store.removeApp(appId)
    const report: AppPurgeReport = { appId, counts, durationMs: Math.max(now() - started, 0) }
    this.deps.logger.info({ appId, counts, durationMs: report.durationMs }, 'deleted app purged')
    await this.deps.audit({
      ts: now(), actorType: 'system', actorId: null, action: 'app.purge', appId, target: null, status: null, ip: null, userAgent: null,
      details: { counts, durationMs: report.durationMs },
    })
    return report
  }

  /** Deletes the app's rows of one table batch by batch; undefined when stopped midway. */
  async #drain(table: PurgeTable, appId: string): Promise<number | undefined> {
    let removed = 0
    for (;;) {
      const batch = await this.deps.store.deleteBatch(table, appId, this.#batch)
      removed += batch
      if (batch < this.#batch) return removed
      if (!(await this.#pause())) return undefined
    }
  }

  /** Lets other work run between batches and renews the lease; false when the node is stopping. */
  async #pause(): Promise<boolean> {
    await new Promise((resolve) => setImmediate(resolve))
    if (this.#stopped) return false
    const at = this.deps.now()
    if (!(await this.deps.leases.acquireLease(LEASE, this.deps.holder, at, at + LEASE_MS))) throw new Error('The app purge lease was lost to another node; this run stops.')
    return true
  }
}
