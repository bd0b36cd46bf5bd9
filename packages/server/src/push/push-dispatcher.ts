import { WarblerError } from '@warbler/protocol'
import type { PresenceService } from '../gateway/presence.js'
import type { Logger } from '../observability/logger.js'
import type { PushJobOutcome, PushJobRecord } from '../storage/push-store.js'
import type { Storage } from '../storage/storage.js'
import { OutboxPoller } from '../outbox/outbox-poller.js'
import { nextAttemptAt } from '../webhooks/retry-backoff.js'
import { bodyFor, type PushNotification } from './notification.js'
import type { PushDeliverySettings } from './push-delivery-settings.js'
import type { PushMetrics } from './push-metrics.js'
import type { PushOutcome, PushProviderClient } from './providers/push-provider.js'

/**
 * The push outbox's dispatcher, one per node: claims due jobs (leased, so one node sends each
 * job), skips a job whose user came online meanwhile, sends it through its provider, and records
 * the outcome: sent; pruned (the provider called the device gone, so its target is removed);
 * retried with backoff and jitter within the retry window (rate limits, outages, expired access
 * tokens); or failed for good.
 */
export class PushDispatcher {
  private readonly poller: OutboxPoller<PushJobRecord>
  private lastCleanup = 0

  constructor(
    private readonly storage: Storage,
    private readonly presence: PresenceService,
    private readonly providers: ReadonlyMap<string, PushProviderClient>,
    private readonly settings: PushDeliverySettings,
    private readonly metrics: PushMetrics,
    private readonly logger: Logger,
  ) {
    this.poller = new OutboxPoller(
      {
        claim: (limit) => this.storage.push.claimDue(Date.now(), limit, this.settings.attemptTimeoutMs * 2 + 5000),
        attempt: (job) => this.attempt(job),
        afterPoll: () => this.cleanup(),
      },
      { concurrency: settings.concurrency, pollIntervalMs: settings.pollIntervalMs, logger, what: 'push dispatcher' },
    )
  }

  start(): void {
    this.poller.start()
  }

  /** Stops polling and waits for the sends in flight (each bounded by the attempt timeout). */
  async stop(): Promise<void> {
    await this.poller.stop()
    for (const provider of this.providers.values()) provider.close()
  }

  /** Looks for due jobs after `delayMs` (a planned burst's collapse window). */
  kick(delayMs = 0): void {
    this.poller.kick(delayMs)
  }

  private async attempt(job: PushJobRecord): Promise<void> {
    const attempts = job.attempts + 1
    let outcome: PushJobOutcome
    try {
      outcome = await this.deliver(job, attempts)
    } catch (error) {
      const permanent = WarblerError.isInstance(error) ? error.code === 'forbidden' || error.code === 'validation_failed' : (error as { permanent?: boolean }).permanent === true
      const after = (error as { retryAfterMs?: number }).retryAfterMs
      outcome = this.failure(job, attempts, { kind: permanent ? 'failed' : 'retry', status: null, reason: (error as Error).message, ...(after === undefined ? {} : { retryAfterMs: after }) })
    }
    this.metrics.outcomes.inc({ provider: job.provider, outcome: outcome.status })
    try {
      await this.storage.push.recordOutcome(job.appId, job.id, outcome)
    } catch (error) {
      this.logger.error({ err: error, jobId: job.id }, 'push outcome not recorded')
    }
  }

  private async deliver(job: PushJobRecord, attempts: number): Promise<PushJobOutcome> {
    const now = Date.now()
    const base = { attempts, updatedAt: now, nextAttemptAt: now, sentAt: null }
    const target = (await this.storage.push.listTargets(job.appId, job.userId)).find((entry) => entry.deviceId === job.deviceId)
    if (!target || target.provider !== job.provider) return { ...base, status: 'skipped', lastStatusCode: null, lastError: 'The device was unregistered.' }
    const [presence] = await this.presence.query(job.appId, [job.userId])
    if (presence?.online) return { ...base, status: 'skipped', lastStatusCode: null, lastError: 'The user came online.' }
    const provider = this.providers.get(job.provider)
    if (!provider) return { ...base, status: 'failed', lastStatusCode: null, lastError: `No ${job.provider} provider on this server.` }

    const notification = JSON.parse(job.payload) as PushNotification
    const startedAt = Date.now()
    if (attempts === 1) this.metrics.latency.observe({ provider: job.provider }, Math.max(0, startedAt - job.messageAt) / 1000)
    const result = await provider.send(target, notification, bodyFor(notification, job.collapsed))
    if (result.kind === 'sent') return { ...base, status: 'sent', lastStatusCode: result.status, lastError: null, sentAt: Date.now() }
    if (result.kind === 'gone') {
      await this.storage.push.pruneTarget(job.appId, job.userId, job.deviceId, target.address)
      this.logger.info({ appId: job.appId, provider: job.provider, status: result.status }, 'push target pruned: the provider says the device is gone')
      return { ...base, status: 'pruned', lastStatusCode: result.status, lastError: result.reason.slice(0, 500) }
    }
    return this.failure(job, attempts, result)
  }

  private failure(job: PushJobRecord, attempts: number, result: Exclude<PushOutcome, { kind: 'sent' | 'gone' }>): PushJobOutcome {
    const now = Date.now()
    let next: number | undefined
    if (result.kind === 'retry') {
      next = nextAttemptAt(attempts, job.messageAt, now, this.settings)
      if (next !== undefined && result.retryAfterMs !== undefined) next = Math.max(next, now + result.retryAfterMs)
      if (next !== undefined && next - job.messageAt > this.settings.retryWindowMs) next = undefined
    }
    return {
      status: next === undefined ? 'failed' : 'pending',
      attempts,
      nextAttemptAt: next ?? now,
      lastStatusCode: result.status,
      lastError: result.reason.slice(0, 500),
      updatedAt: now,
      sentAt: null,
    }
  }

  /** Removes finished log entries past their retention, at most once a minute. */
  private async cleanup(): Promise<void> {
    const now = Date.now()
    if (now - this.lastCleanup < 60_000) return
    this.lastCleanup = now
    await this.storage.push.deleteFinishedBefore(now - this.settings.logRetentionMs, 1000)
  }
}
