import type { Lease, Leases } from '../../cluster/leases.js'
import { newId } from '../../domain/ids.js'
import type { Logger } from '../../observability/logger.js'
import type { KnowledgeSourceRunRecord, KnowledgeSourceStore } from '../../storage/knowledge-source-store.js'
import type { Clock } from '../../support/clock.js'
import { executeRun, type RunExecutorDeps } from './source-run-executor.js'

/** The cluster-wide lease whose holder schedules and runs source syncs. */
export const SOURCES_LEASE = 'kb-sources'

/** Tunables of the scheduler (tests shorten them). */
export interface SourceSchedulerOptions {
  /** How often the holder looks for due sources and queued runs (default 5 s). */
  pollMs?: number
  /** Lease time to live (default 30 s); the holder renews every third of it. */
  leaseTtlMs?: number
  /** Runs at once on the holder (default 2). */
  concurrency?: number
}

/**
 * Source syncs, once per cluster: every node may queue runs (`POST …/sync`), but only the node
 * holding the `kb-sources` lease turns due schedules into runs and executes queued runs, each
 * claimed by compare-and-set. When the holder stops or dies, another node takes the lease within
 * a TTL and resumes the interrupted runs (an interrupted run restarts; its work so far is kept,
 * and being incremental, it redoes little).
 */
export class SourceScheduler {
  private lease: Lease | undefined
  private timer: ReturnType<Clock['setTimer']> | undefined
  private stopped = false
  private ticking: Promise<void> = Promise.resolve()
  private readonly running = new Map<string, { controller: AbortController; done: Promise<void> }>()

  constructor(
    private readonly deps: RunExecutorDeps & { leases: Leases },
    private readonly options: SourceSchedulerOptions = {},
  ) {}

  private get store(): KnowledgeSourceStore {
    return this.deps.store
  }
  private get logger(): Logger {
    return this.deps.logger
  }

  /** Whether this node runs the schedule now. */
  get holding(): boolean {
    return this.lease !== undefined
  }

  /** Takes part in the lease and starts polling. */
  start(): void {
    this.stopped = false
    this.schedule(0)
  }

  /** Looks for work now (after a manual sync was queued on this node). */
  notify(): void {
    if (this.stopped) return
    this.ticking = this.ticking.then(() => this.tick())
  }

  /** Stops polling, aborts this node's runs (they go back to the queue) and gives the lease up. */
  async stop(): Promise<void> {
    this.stopped = true
    this.timer?.cancel()
    await this.ticking
    for (const { controller } of this.running.values()) controller.abort(new Error('stopping'))
    await Promise.all([...this.running.values()].map((entry) => entry.done))
    if (this.lease) await this.deps.leases.release(this.lease).catch(() => false)
    this.lease = undefined
  }

  /** Aborts a running run of a source on this node (the source is being deleted). */
  async cancelSource(appId: string, sourceId: string): Promise<void> {
    const entries = [...this.running.entries()].filter(([key]) => key.startsWith(`${appId}/${sourceId}/`))
    for (const [, entry] of entries) entry.controller.abort(new Error('source deleted'))
    await Promise.all(entries.map(([, entry]) => entry.done))
  }

  private schedule(ms: number): void {
    if (this.stopped) return
    this.timer = this.deps.clock.setTimer(() => {
      this.ticking = this.ticking.then(() => this.tick()).finally(() => this.schedule(this.options.pollMs ?? 5000))
    }, ms)
  }

  private async tick(): Promise<void> {
    if (this.stopped) return
    try {
      if (!(await this.holdLease())) return
      await this.queueDueSources()
      await this.startQueuedRuns()
    } catch (error) {
      this.logger.warn({ err: error }, 'knowledge source scheduling failed')
    }
  }

  private async holdLease(): Promise<boolean> {
    const ttl = this.options.leaseTtlMs ?? 30_000
    if (this.lease) {
      if (await this.deps.leases.renew(this.lease, ttl)) return true
      this.lease = undefined
      this.logger.warn('lost the kb-sources lease; stopping source syncs on this node')
      for (const { controller } of this.running.values()) controller.abort(new Error('lease lost'))
      return false
    }
    this.lease = await this.deps.leases.tryAcquire(SOURCES_LEASE, ttl)
    if (!this.lease) return false
    this.logger.info('holding the kb-sources lease: scheduling knowledge source syncs on this node')
    // Runs a stopped holder left running are ours now.
    const requeued = await this.store.requeueRunning()
    if (requeued > 0) this.logger.info({ requeued }, 'resuming interrupted knowledge source syncs')
    return true
  }

  private async queueDueSources(): Promise<void> {
    const now = this.deps.clock.now()
    for (const source of await this.store.dueSources(now, 20)) {
      if (!source.everyMinutes) continue
      // Moved on first, so a slow run is not queued twice; the run sets the real next time when it ends.
      await this.store.updateSource(source.appId, source.id, { nextRunAt: now + source.everyMinutes * 60_000 })
      if (await this.store.activeRun(source.appId, source.id)) continue
      await this.store.createRun(newRun(source.appId, source.id, 'schedule', now))
    }
  }

  private async startQueuedRuns(): Promise<void> {
    const free = (this.options.concurrency ?? 2) - this.running.size
    if (free <= 0) return
    const busySources = new Set([...this.running.keys()].map((key) => key.split('/').slice(0, 2).join('/')))
    for (const run of await this.store.queuedRuns(free * 4)) {
      if (this.running.size >= (this.options.concurrency ?? 2)) break
      if (busySources.has(`${run.appId}/${run.sourceId}`)) continue
      if (!(await this.store.claimRun(run.appId, run.id, this.deps.clock.now()))) continue
      busySources.add(`${run.appId}/${run.sourceId}`)
      const key = `${run.appId}/${run.sourceId}/${run.id}`
      const controller = new AbortController()
      const done = executeRun(this.deps, { ...run, status: 'running' }, controller.signal)
        .catch((error: unknown) => this.logger.error({ err: error, runId: run.id }, 'knowledge source run crashed'))
        .finally(() => {
          this.running.delete(key)
          this.notify()
        })
      this.running.set(key, { controller, done })
    }
  }
}

/** A queued run. */
export function newRun(appId: string, sourceId: string, trigger: KnowledgeSourceRunRecord['trigger'], now: number): KnowledgeSourceRunRecord {
  return {
    appId, id: newId('run'), sourceId, status: 'queued', trigger, progress: 0, added: 0, updated: 0, deleted: 0, unchanged: 0, failed: 0,
    errors: [], stats: null, error: null, queuedAt: now, startedAt: null, finishedAt: null,
  }
}
