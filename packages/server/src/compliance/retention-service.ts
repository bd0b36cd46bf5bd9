import { Counter, Gauge, type Registry } from 'prom-client'
import type { FileStorage } from '../files/file-storage.js'
import type { AuditEntry } from '../storage/console-store.js'
import type { ComplianceStore, RetentionPolicyRecord } from '../storage/compliance-store.js'
import type { Storage } from '../storage/storage.js'
import { AppRetention, cutoffOf, type RetentionDays } from './retention-policy.js'

/** What one purge run did. */
export interface RetentionReport {
  /** False when another node holds the lease (nothing was done). */
  ran: boolean
  asOf: number
  apps: number
  conversations: number
  /** Conversations skipped whole because of a legal hold. */
  heldConversations: number
  /** Messages made tombstones (of `events`, every kind). */
  messages: number
  events: number
  files: number
  /** Webhook delivery log entries (with their payloads) past the app's message retention. */
  webhookDeliveries: number
  durationMs: number
  /** Events purged per second of the run. */
  eventsPerSecond: number
}

/** What the purge uses of the node. */
export interface RetentionDependencies {
  storage: Storage
  store: ComplianceStore
  files: FileStorage
  /** Writes the run's audit entry (the console log and the HMAC chain). */
  audit: (entry: Omit<AuditEntry, 'id'>) => Promise<unknown>
  /** Who takes the lease (the node id). */
  holder: string
  now: () => number
  /** Where the run's metrics are registered (the node's `/metrics`). */
  registry?: Registry
}

const LEASE = 'retention'
const LEASE_MS = 2 * 60 * 1000
const APP_PAGE = 100
const CONVERSATION_PAGE = 500

function retentionOf(settings: unknown): RetentionDays {
  const retention = (settings as { retention?: RetentionDays } | undefined)?.retention
  return { messagesDays: retention?.messagesDays ?? null, filesDays: retention?.filesDays ?? null }
}

/**
 * The retention purge: walks every app with a policy, conversation by conversation in batches of
 * `batchSize` events (one transaction each, so a stop loses at most one batch and the next run
 * resumes from each conversation's cursor), makes expired events tombstones with their seq kept,
 * deletes expired files, skips what a legal hold keeps, and records one audit entry and metrics per
 * run. One node at a time, under a lease renewed every batch; other work runs between batches.
 *
 * @example
 * ```ts
 * const report = await retention.run({ asOf: Date.parse('2027-01-01') }) // { messages: 1200, files: 4, ... }
 * ```
 */
export class RetentionService {
  readonly #purged?: Counter<'kind'>
  readonly #runs?: Counter<'result'>
  readonly #lastRun?: Gauge

  constructor(
    private readonly deps: RetentionDependencies,
    /** Events per transaction: 200 keeps a SQLite batch near 25 ms of writer time (measured in docs/compliance.md). */
    private readonly batchSize = 200,
  ) {
    if (deps.registry) {
      const registers = [deps.registry]
      this.#purged = new Counter({ name: 'warbler_retention_purged_total', help: 'What retention purged, by kind (events, messages, files)', labelNames: ['kind'], registers })
      this.#runs = new Counter({ name: 'warbler_retention_runs_total', help: 'Retention runs, by result (done, skipped, failed)', labelNames: ['result'], registers })
      this.#lastRun = new Gauge({ name: 'warbler_retention_last_run_timestamp_seconds', help: 'When the last retention run finished', registers })
    }
  }

  /** Runs one purge as of `asOf` (default now); `ran: false` when another node is purging. */
  async run(options: { asOf?: number } = {}): Promise<RetentionReport> {
    const { store, now, holder } = this.deps
    const started = now()
    const asOf = options.asOf ?? started
    const report: RetentionReport = { ran: false, asOf, apps: 0, conversations: 0, heldConversations: 0, messages: 0, events: 0, files: 0, webhookDeliveries: 0, durationMs: 0, eventsPerSecond: 0 }
    if (!(await store.acquireLease(LEASE, holder, started, started + LEASE_MS))) {
      this.#runs?.inc({ result: 'skipped' })
      return report
    }
    report.ran = true
    try {
      const policies = await store.listPolicies()
      for (let after: string | undefined; ; ) {
        const apps = await this.deps.storage.apps.list({ limit: APP_PAGE, ...(after ? { after } : {}) })
        for (const app of apps) await this.#purgeApp(app.id, app.settings, policies.filter((policy) => policy.appId === app.id), asOf, report)
        if (apps.length < APP_PAGE) break
        after = apps.at(-1)!.id
      }
    } catch (error) {
      this.#runs?.inc({ result: 'failed' })
      throw error
    } finally {
      await store.releaseLease(LEASE, holder)
    }
    report.durationMs = Math.max(now() - started, 0)
    report.eventsPerSecond = report.durationMs > 0 ? Math.round((report.events * 1000) / report.durationMs) : report.events
    this.#runs?.inc({ result: 'done' })
    this.#lastRun?.set(now() / 1000)
    await this.deps.audit({
      ts: now(), actorType: 'system', actorId: null, action: 'retention.run', appId: null, target: null, status: null, ip: null, userAgent: null,
      details: { asOf: new Date(asOf).toISOString(), apps: report.apps, conversations: report.conversations, heldConversations: report.heldConversations, messages: report.messages, events: report.events, files: report.files, webhookDeliveries: report.webhookDeliveries, durationMs: report.durationMs },
    })
    return report
  }

  async #purgeApp(appId: string, settings: unknown, policies: readonly RetentionPolicyRecord[], asOf: number, report: RetentionReport): Promise<void> {
    const { store } = this.deps
    const holds = await store.listHolds(appId)
    const heldUsers = holds.filter((hold) => hold.kind === 'user').map((hold) => hold.targetId)
    const held = new Set([...holds.filter((hold) => hold.kind === 'conversation').map((hold) => hold.targetId), ...(await store.conversationsOfMembers(appId, heldUsers))])
    const retention = new AppRetention(retentionOf(settings), policies)
    if (!retention.active) return
    report.apps++

    const appWide = cutoffOf(retention.app.messagesDays, asOf) !== undefined
    const conversations = appWide ? this.#allConversations(appId) : this.#listed(retention.ownPolicies.map((policy) => policy.conversationId!))
    for await (const conversationId of conversations) {
      const cutoff = cutoffOf(retention.of(conversationId).messagesDays, asOf)
      if (cutoff === undefined) continue
      if (held.has(conversationId)) {
        report.heldConversations++
        continue
      }
      report.conversations++
      for (;;) {
        const batch = await store.purgeExpiredEvents(appId, conversationId, cutoff, this.deps.now(), this.batchSize)
        report.events += batch.events
        report.messages += batch.messages
        this.#purged?.inc({ kind: 'events' }, batch.events)
        this.#purged?.inc({ kind: 'messages' }, batch.messages)
        if (batch.done) break
        await this.#renewLease()
        // Let sends and other writers in between batches: the purge never holds the writer for long.
        await new Promise((resolve) => setImmediate(resolve))
      }
    }

    // The delivery log keeps each payload (message text included): it goes with the app's messages.
    const appMessages = cutoffOf(retention.app.messagesDays, asOf)
    if (appMessages !== undefined) report.webhookDeliveries += await store.deleteDeliveriesBefore(appId, appMessages)

    const appFiles = cutoffOf(retention.app.filesDays, asOf)
    if (appFiles !== undefined) {
      await this.#purgeFiles(appId, appFiles, { excludeConversations: [...held, ...retention.conversationsWithOwnFiles], excludeUploaders: heldUsers }, report)
    }
    for (const policy of retention.ownPolicies) {
      const cutoff = cutoffOf(policy.filesDays, asOf)
      if (cutoff !== undefined && !held.has(policy.conversationId!)) await this.#purgeFiles(appId, cutoff, { conversationId: policy.conversationId!, excludeUploaders: heldUsers }, report)
    }
  }

  async #purgeFiles(appId: string, cutoff: number, scope: Parameters<ComplianceStore['expiredFiles']>[3], report: RetentionReport): Promise<void> {
    for (;;) {
      const files = await this.deps.store.expiredFiles(appId, cutoff, this.batchSize, scope)
      for (const file of files) {
        await this.deps.files.delete(file.storageKey)
        if (file.thumbnailKey) await this.deps.files.delete(file.thumbnailKey)
        await this.deps.storage.files.delete(appId, file.id)
      }
      report.files += files.length
      this.#purged?.inc({ kind: 'files' }, files.length)
      if (files.length < this.batchSize) return
      await this.#renewLease()
    }
  }

  async #renewLease(): Promise<void> {
    const now = this.deps.now()
    if (!(await this.deps.store.acquireLease(LEASE, this.deps.holder, now, now + LEASE_MS))) throw new Error('The retention lease was lost to another node; this run stops.')
  }

  async *#allConversations(appId: string): AsyncGenerator<string> {
    for (let after = ''; ; ) {
      const ids = await this.deps.store.conversationIds(appId, after, CONVERSATION_PAGE)
      yield* ids
      if (ids.length < CONVERSATION_PAGE) return
      after = ids.at(-1)!
    }
  }

  async *#listed(ids: readonly string[]): AsyncGenerator<string> {
    yield* ids
  }
}
