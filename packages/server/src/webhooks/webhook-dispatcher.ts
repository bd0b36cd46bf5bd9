import type { WebhookEventType } from '@warbler/protocol'
import { WarblerError } from '@warbler/protocol'
import { newId } from '../domain/ids.js'
import type { Logger } from '../observability/logger.js'
import type { Storage } from '../storage/storage.js'
import type { DeliveryAttempt, DeliveryRecord, WebhookRecord } from '../storage/webhook-store.js'
import type { AddressPolicy } from '@warbler/ai/net'
import { OutboxPoller } from '../outbox/outbox-poller.js'
import { postJson } from './outbound-post.js'
import { nextAttemptAt } from './retry-backoff.js'
import { signatureHeader } from './signature.js'
import type { WebhookSettings } from './webhook-settings.js'

/** At most this much of a receiver's answer is kept in the delivery log. */
export const MAX_STORED_RESPONSE_BYTES = 1024

/** Whether a webhook subscribes to an event type. */
export function subscribes(webhook: Pick<WebhookRecord, 'events' | 'enabled'>, type: string): boolean {
  return webhook.enabled && (webhook.events.includes('*') || webhook.events.includes(type))
}

/**
 * The webhook outbox and its dispatcher. {@link emit} only writes deliveries to storage (a send is
 * never held up by a receiver); a loop on every node claims due deliveries, POSTs them signed, and
 * records each attempt. Failed attempts are retried with backoff and jitter for up to 24 hours, also
 * across restarts, because the outbox is the database.
 *
 * @example
 * ```ts
 * const dispatcher = new WebhookDispatcher(storage, policy, loadWebhookSettings(), logger)
 * dispatcher.start()
 * void dispatcher.emit(appId, 'user.created', { user })
 * await dispatcher.stop()
 * ```
 */
export class WebhookDispatcher {
  private readonly poller: OutboxPoller<DeliveryRecord>

  constructor(
    private readonly storage: Storage,
    private readonly policy: AddressPolicy,
    private readonly settings: WebhookSettings,
    private readonly logger: Logger,
    /** How an app's webhooks are read on every event (a cached read in the server). */
    private readonly listWebhooks: (appId: string) => Promise<WebhookRecord[]> = (appId) => storage.webhooks.list(appId),
  ) {
    this.poller = new OutboxPoller(
      { claim: (limit) => this.storage.webhooks.claimDue(Date.now(), limit, this.settings.attemptTimeoutMs + 5000), attempt: (delivery) => this.attempt(delivery) },
      { concurrency: settings.concurrency, pollIntervalMs: settings.pollIntervalMs, logger, what: 'webhook dispatcher' },
    )
  }

  /**
   * Queues the event for every enabled webhook of the app subscribed to its type. Never throws
   * (a storage failure is logged); resolves with the number of deliveries queued.
   */
  async emit(appId: string, type: WebhookEventType, data: unknown): Promise<number> {
    try {
      const targets = (await this.listWebhooks(appId)).filter((webhook) => subscribes(webhook, type))
      if (targets.length === 0) return 0
      const now = Date.now()
      const eventId = newId('evt')
      const payload = JSON.stringify({ id: eventId, type, appId, createdAt: now, data })
      await this.storage.webhooks.enqueue(targets.map((webhook) => newDelivery(appId, webhook.id, eventId, type, payload, now)))
      this.kick()
      return targets.length
    } catch (error) {
      this.logger.error({ err: error, appId, type }, 'webhook event not queued')
      return 0
    }
  }

  /** Queues the same event (same event id and body) again for one webhook; the receiver sees a new delivery id. */
  async replay(delivery: DeliveryRecord): Promise<DeliveryRecord> {
    const copy = newDelivery(delivery.appId, delivery.webhookId, delivery.eventId, delivery.type, delivery.payload, Date.now())
    await this.storage.webhooks.enqueue([copy])
    this.kick()
    return copy
  }

  /** Starts polling for due deliveries. */
  start(): void {
    this.poller.start()
  }

  /** Stops polling and waits for the attempts in flight (each bounded by the attempt timeout). */
  stop(): Promise<void> {
    return this.poller.stop()
  }

  /** Looks for due deliveries now (after an emit or a finished attempt). */
  kick(): void {
    this.poller.kick()
  }

  private async attempt(delivery: DeliveryRecord): Promise<void> {
    const attempts = delivery.attempts + 1
    const base = { attempts, lastStatusCode: null, lastResponseMs: null, lastResponseBody: null }
    let outcome: DeliveryAttempt
    try {
      const webhook = await this.storage.webhooks.get(delivery.appId, delivery.webhookId)
      if (!webhook) return
      if (!webhook.enabled) {
        outcome = { ...base, status: 'failed', nextAttemptAt: null, lastError: 'The webhook is disabled.', updatedAt: Date.now() }
      } else {
        outcome = await this.post(webhook, delivery, attempts)
      }
    } catch (error) {
      // A refused address will not become allowed by waiting: give up at once.
      const permanent = WarblerError.isInstance(error) && (error.code === 'forbidden' || error.code === 'validation_failed')
      outcome = this.failure(delivery, attempts, Date.now(), { ...base, lastError: (error as Error).message.slice(0, 500) }, permanent)
    }
    try {
      await this.storage.webhooks.recordAttempt(delivery.appId, delivery.id, outcome)
    } catch (error) {
      this.logger.error({ err: error, deliveryId: delivery.id }, 'webhook attempt not recorded')
    }
    this.logger.debug({ appId: delivery.appId, deliveryId: delivery.id, status: outcome.status, code: outcome.lastStatusCode }, 'webhook attempt')
  }

  private async post(webhook: WebhookRecord, delivery: DeliveryRecord, attempts: number): Promise<DeliveryAttempt> {
    const headers = {
      'warbler-signature': signatureHeader(webhook.secret, delivery.payload),
      'warbler-event': delivery.eventId,
      'warbler-event-type': delivery.type,
      'warbler-delivery': delivery.id,
    }
    try {
      const response = await postJson(this.policy, webhook.url, delivery.payload, headers, { timeoutMs: this.settings.attemptTimeoutMs, maxResponseBytes: MAX_STORED_RESPONSE_BYTES })
      const measured = { attempts, lastStatusCode: response.status, lastResponseMs: response.durationMs, lastResponseBody: response.body }
      const now = Date.now()
      if (response.status >= 200 && response.status < 300) {
        return { ...measured, status: 'succeeded', nextAttemptAt: null, lastError: null, updatedAt: now }
      }
      return this.failure(delivery, attempts, now, { ...measured, lastError: `HTTP ${response.status}` }, false)
    } catch (error) {
      // A refused address (the URL's or a redirect's) is permanent: the caller gives up at once.
      if (WarblerError.isInstance(error) && (error.code === 'forbidden' || error.code === 'validation_failed')) throw error
      return this.failure(delivery, attempts, Date.now(), { attempts, lastStatusCode: null, lastResponseMs: null, lastResponseBody: null, lastError: (error as Error).message.slice(0, 500) }, false)
    }
  }

  private failure(
    delivery: DeliveryRecord,
    attempts: number,
    now: number,
    measured: Pick<DeliveryAttempt, 'attempts' | 'lastStatusCode' | 'lastResponseMs' | 'lastResponseBody' | 'lastError'>,
    permanent: boolean,
  ): DeliveryAttempt {
    const next = permanent ? undefined : nextAttemptAt(attempts, delivery.createdAt, now, this.settings)
    return { ...measured, status: next === undefined ? 'failed' : 'pending', nextAttemptAt: next ?? null, updatedAt: now }
  }
}

function newDelivery(appId: string, webhookId: string, eventId: string, type: string, payload: string, now: number): DeliveryRecord {
  return {
    appId,
    id: newId('dlv'),
    webhookId,
    eventId,
    type,
    payload,
    status: 'pending',
    attempts: 0,
    nextAttemptAt: now,
    lastStatusCode: null,
    lastError: null,
    lastResponseMs: null,
    lastResponseBody: null,
    createdAt: now,
    updatedAt: now,
  }
}
