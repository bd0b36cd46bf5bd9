import { WarblerError, type ErrorCode } from '@warbler/protocol'
import type { JobRecord, KnowledgeStore } from '../store/knowledge-store.js'
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.js'

/** Error codes that another attempt cannot fix: the job fails at once. */
const PERMANENT: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'validation_failed',
  'unsupported_media_type',
  'payload_too_large',
  'document_too_large',
  'text_too_long',
  'forbidden',
  'not_found',
  'bad_request',
])

/** What the worker reports to its owner about a job's attempts. */
export interface JobEvents {
  /** An attempt failed and another one is scheduled. */
  onRetry?(job: JobRecord, error: Error, delayMs: number): Promise<void> | void
  /** The job failed for good. */
  onFailed?(job: JobRecord, error: Error): Promise<void> | void
}

/** Options of {@link JobWorker}. */
export interface JobWorkerOptions extends JobEvents {
  store: KnowledgeStore
  /** Runs one job; throws to fail the attempt. */
  process(job: JobRecord, signal: AbortSignal): Promise<void>
  /** Jobs run at the same time (default 2). */
  concurrency?: number
  /** Attempts before a job fails for good (default 4). */
  maxAttempts?: number
  backoff?: BackoffOptions
  /** How often to look for due jobs when idle, in ms (default 1,000). */
  pollIntervalMs?: number
  log?: (message: string) => void
}

/**
 * Runs persisted ingestion jobs with bounded concurrency: claims due jobs from the store, retries
 * failures with exponential backoff (permanent errors such as a broken file fail at once), and on
 * `start()` picks up jobs a crash left `processing`.
 */
export class JobWorker {
  private running = new Map<string, Promise<void>>()
  private timer: NodeJS.Timeout | undefined
  private stopped = true
  private pumping = false
  private pumpAgain = false
  private readonly abort = new AbortController()
  private readonly concurrency: number
  private readonly maxAttempts: number
  private readonly backoff: BackoffOptions

  constructor(private readonly options: JobWorkerOptions) {
    this.concurrency = Math.max(1, options.concurrency ?? 2)
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 4)
    this.backoff = options.backoff ?? DEFAULT_BACKOFF
  }

  /** Requeues interrupted jobs and starts processing. */
  async start(): Promise<void> {
    const requeued = await this.options.store.requeueInterruptedJobs()
    if (requeued > 0) this.options.log?.(`resuming ${requeued} interrupted ingestion job(s)`)
    this.stopped = false
    this.notify()
  }

  /** Tells the worker that a job may be due now (after an enqueue). */
  notify(): void {
    if (this.stopped) return
    void this.pump()
  }

  /** Stops claiming jobs and waits for running ones (they are asked to abort). */
  async stop(): Promise<void> {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    this.abort.abort()
    await Promise.allSettled(this.running.values())
  }

  /** Resolves when no job is running or due (for tests and the evaluation). */
  async idle(): Promise<void> {
    for (;;) {
      await Promise.allSettled(this.running.values())
      const due = await this.options.store.nextJobDue()
      if (this.running.size === 0 && (due === undefined || due > Date.now() + 60_000)) return
      await new Promise((resolve) => setTimeout(resolve, due === undefined ? 10 : Math.max(5, Math.min(100, due - Date.now()))))
      this.notify()
    }
  }

  private async pump(): Promise<void> {
    if (this.pumping) {
      this.pumpAgain = true
      return
    }
    this.pumping = true
    try {
      do {
        this.pumpAgain = false
        if (this.stopped) return
        const free = this.concurrency - this.running.size
        if (free <= 0) return
        const jobs = await this.options.store.claimJobs(free, Date.now())
        for (const job of jobs) {
          const run = this.run(job).finally(() => {
            this.running.delete(job.id)
            this.notify()
          })
          this.running.set(job.id, run)
        }
        if (jobs.length === free) this.pumpAgain = true
      } while (this.pumpAgain)
      await this.schedule()
    } catch (error) {
      this.options.log?.(`ingestion queue error: ${(error as Error).message}`)
      this.scheduleIn(this.options.pollIntervalMs ?? 1_000)
    } finally {
      this.pumping = false
    }
  }

  private async schedule(): Promise<void> {
    if (this.stopped || this.running.size >= this.concurrency) return
    const due = await this.options.store.nextJobDue()
    const poll = this.options.pollIntervalMs ?? 1_000
    this.scheduleIn(due === undefined ? poll : Math.max(0, Math.min(poll, due - Date.now())))
  }

  private scheduleIn(ms: number): void {
    if (this.stopped) return
    if (this.timer) clearTimeout(this.timer)
    this.timer = setTimeout(() => this.notify(), ms)
    this.timer.unref()
  }

  private async run(job: JobRecord): Promise<void> {
    try {
      await this.options.process(job, this.abort.signal)
      await this.options.store.finishJob(job.id, { status: 'done' })
    } catch (caught) {
      const error = caught instanceof Error ? caught : new Error(String(caught))
      if (this.stopped && this.abort.signal.aborted) {
        // Shutting down: leave the job to be resumed on the next start.
        await this.options.store.finishJob(job.id, { status: 'queued', runAfter: Date.now(), error: error.message })
        return
      }
      const permanent = WarblerError.isInstance(error) && PERMANENT.has(error.code)
      if (permanent || job.attempts >= this.maxAttempts) {
        await this.options.store.finishJob(job.id, { status: 'failed', error: error.message })
        await this.options.onFailed?.(job, error)
        return
      }
      const delay = backoffDelay(job.attempts, this.backoff)
      await this.options.store.finishJob(job.id, { status: 'queued', runAfter: Date.now() + delay, error: error.message })
      await this.options.onRetry?.(job, error, delay)
    }
  }
}
