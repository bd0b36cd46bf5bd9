import type { Logger } from '../observability/logger.js'

/** What an outbox poller works: how to claim due items and how to work one. */
export interface OutboxWork<T> {
  /** Claims up to `limit` due items (leased, so one node works each). */
  claim(limit: number): Promise<T[]>
  /** Works one claimed item; must not throw (record failures itself). */
  attempt(item: T): Promise<void>
  /** Runs after each poll (housekeeping such as log cleanup); optional. */
  afterPoll?(): Promise<void>
}

/**
 * The poll loop of a database outbox (webhook deliveries, pushes): claims due items up to a
 * concurrency bound, works them in the background, polls again at once while items keep coming or
 * after `pollIntervalMs` otherwise, and is kicked to poll now when new items are queued.
 */
export class OutboxPoller<T> {
  private readonly inFlight = new Set<Promise<void>>()
  private timer: NodeJS.Timeout | undefined
  private ticking = false
  private again = false
  private running = false

  constructor(
    private readonly work: OutboxWork<T>,
    private readonly options: { concurrency: number; pollIntervalMs: number; logger: Logger; what: string },
  ) {}

  start(): void {
    if (this.running) return
    this.running = true
    this.schedule(0)
  }

  /** Stops polling and waits for the attempts in flight (each bounded by its own timeout). */
  async stop(): Promise<void> {
    this.running = false
    clearTimeout(this.timer)
    // A poll in progress ends within a storage call.
    for (let round = 0; round < 1000 && (this.inFlight.size > 0 || this.ticking); round++) {
      await Promise.allSettled([...this.inFlight])
      if (this.ticking) await new Promise((resolve) => setTimeout(resolve, 5))
    }
  }

  /** Polls now, or after `delayMs` (e.g. a collapse window). */
  kick(delayMs = 0): void {
    if (!this.running) return
    if (delayMs <= 0) return this.schedule(0)
    const timer = setTimeout(() => this.schedule(0), delayMs)
    timer.unref?.()
  }

  private schedule(delayMs: number): void {
    if (!this.running) return
    clearTimeout(this.timer)
    this.timer = setTimeout(() => void this.tick(), delayMs)
    this.timer.unref?.()
  }

  private async tick(): Promise<void> {
    if (this.ticking) {
      this.again = true
      return
    }
    this.ticking = true
    this.again = false
    try {
      const free = this.options.concurrency - this.inFlight.size
      if (free > 0 && this.running) {
        const due = await this.work.claim(free)
        for (const item of due) this.track(this.work.attempt(item))
        if (due.length === free) this.again = true
      }
      await this.work.afterPoll?.()
    } catch (error) {
      this.options.logger.error({ err: error }, `${this.options.what} poll failed`)
    } finally {
      this.ticking = false
      this.schedule(this.again ? 0 : this.options.pollIntervalMs)
    }
  }

  private track(attempt: Promise<void>): void {
    const tracked = attempt.finally(() => {
      this.inFlight.delete(tracked)
      this.kick()
    })
    this.inFlight.add(tracked)
  }
}
