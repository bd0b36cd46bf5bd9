import type { Logger } from '../observability/logger.js'
import type { Storage } from '../storage/storage.js'
import type { ClockTimer } from './clock.js'
import type { SlaMonitor } from './sla-monitor.js'
import type { SupportService } from './support-service.js'

/** Settings of the loop. */
export interface AssignmentLoopOptions {
  /** Between two sweeps (default 1000 ms; well inside the 5 s promise). */
  sweepMs?: number
  /** SLA checks every this many sweeps (default 5). */
  slaEverySweeps?: number
}

/**
 * Keeps queued conversations moving: a change that frees capacity (a resolve, an agent going online
 * or raising capacity, a hand-off) kicks an assignment run for its app at once, and every node
 * sweeps on a timer of the service's clock — reopening snoozed conversations that are due, assigning
 * every app with a queue (an agent who connected, a node that died mid-run), and checking SLA
 * clocks. Runs for one app never overlap on a node; across nodes the store keeps them correct.
 */
export class AssignmentLoop {
  private readonly running = new Map<string, Promise<void>>()
  private readonly again = new Set<string>()
  private timer?: ClockTimer
  private sweeps = 0
  private stopped = false
  private readonly options: Required<AssignmentLoopOptions>

  constructor(
    private readonly support: SupportService,
    private readonly storage: Storage,
    private readonly sla: SlaMonitor,
    private readonly logger: Logger,
    options: AssignmentLoopOptions = {},
  ) {
    this.options = { sweepMs: 1000, slaEverySweeps: 5, ...options }
  }

  start(): void {
    this.stopped = false
    this.support.onCapacity = (appId) => this.kick(appId)
    this.schedule()
  }

  async stop(): Promise<void> {
    this.stopped = true
    this.timer?.cancel()
    this.support.onCapacity = () => undefined
    await Promise.allSettled([...this.running.values()])
  }

  /** Assigns the app's queue soon (at once unless a run for it is under way; then right after it). */
  kick(appId: string): void {
    if (this.stopped) return
    if (this.running.has(appId)) {
      this.again.add(appId)
      return
    }
    const run = (async () => {
      try {
        await this.support.assign(appId)
      } catch (error) {
        this.logger.warn({ err: error, appId }, 'support assignment failed; the next sweep retries')
      } finally {
        this.running.delete(appId)
        if (this.again.delete(appId)) this.kick(appId)
      }
    })()
    this.running.set(appId, run)
  }

  /** Resolves when no run is under way (tests). */
  async idle(): Promise<void> {
    for (let round = 0; round < 50 && this.running.size > 0; round++) await Promise.allSettled([...this.running.values()])
  }

  /** One sweep: reopen due snoozes, assign every app with a queue, and now and then check SLAs. */
  async sweep(): Promise<void> {
    await this.support.reopenDue()
    for (const appId of await this.storage.support.appsWithQueued()) this.kick(appId)
    if (this.sweeps++ % this.options.slaEverySweeps === 0) await this.sla.check()
    await this.idle()
  }

  private schedule(): void {
    if (this.stopped) return
    this.timer = this.support.clock.setTimer(() => {
      this.sweep()
        .catch((error: unknown) => this.logger.warn({ err: error }, 'support sweep failed'))
        .finally(() => this.schedule())
    }, this.options.sweepMs)
  }
}
