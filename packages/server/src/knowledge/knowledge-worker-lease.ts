import type { KnowledgeService } from '@warbler/ai'
import type { Leases } from '../cluster/leases.js'
import type { Logger } from '../observability/logger.js'

/** The cluster-wide lease whose holder runs the ingestion worker. */
export const KB_WORKER_LEASE = 'kb-worker'

/**
 * Runs knowledge-base ingestion jobs exactly once in a cluster: every node migrates the knowledge
 * tables, but only the node holding the `kb-worker` lease runs the job worker. Others retry the
 * lease every `retryMs`, so the work moves on within a TTL when the holder dies. With the in-memory
 * bus (one node) the lease is always free and the worker simply runs here.
 */
export class KnowledgeWorkerLease {
  private timer: NodeJS.Timeout | undefined
  private lease: Awaited<ReturnType<Leases['tryAcquire']>>
  private stopped = false
  private busy: Promise<void> = Promise.resolve()

  constructor(
    private readonly knowledge: KnowledgeService,
    private readonly leases: Leases,
    private readonly logger: Logger,
    private readonly ttlMs = 30_000,
  ) {}

  /** Migrates, then takes part in the lease. */
  async start(): Promise<void> {
    await this.knowledge.store.migrate()
    await this.tick()
    this.timer = setInterval(() => void (this.busy = this.busy.then(() => this.tick())), Math.floor(this.ttlMs / 3))
    this.timer.unref()
  }

  /** Whether this node runs the worker now. */
  get holding(): boolean {
    return this.lease !== undefined
  }

  private async tick(): Promise<void> {
    if (this.stopped) return
    try {
      if (this.lease) {
        if (await this.leases.renew(this.lease, this.ttlMs)) return
        this.lease = undefined
        this.logger.warn('lost the kb-worker lease; stopping the ingestion worker on this node')
        await this.knowledge.stop()
        return
      }
      this.lease = await this.leases.tryAcquire(KB_WORKER_LEASE, this.ttlMs)
      if (this.lease) {
        this.logger.info('holding the kb-worker lease: running the ingestion worker on this node')
        await this.knowledge.start()
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'kb-worker lease check failed')
    }
  }

  /** Stops the worker and gives the lease up. */
  async stop(): Promise<void> {
    this.stopped = true
    clearInterval(this.timer)
    await this.busy
    await this.knowledge.stop()
    if (this.lease) await this.leases.release(this.lease).catch(() => false)
    this.lease = undefined
  }
}
