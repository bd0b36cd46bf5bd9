import { WarblerError, type WebhookEventType } from '@warbler/protocol'
import { newSecret } from '../auth/secrets.js'
import { newId } from '../domain/ids.js'
import type { Storage } from '../storage/storage.js'
import type { BeforeSendHookRecord, DeliveryRecord, DeliveryStatus, WebhookRecord } from '../storage/webhook-store.js'
import type { BeforeSendHook } from './before-send-hook.js'
import type { AddressPolicy } from '@warbler/ai/net'
import type { WebhookDispatcher } from './webhook-dispatcher.js'

/** Webhooks one app may have (each event is written once per webhook). */
export const MAX_WEBHOOKS_PER_APP = 20

/** The public view of a webhook (no secret). */
export function toWebhookView({ id, url, events, enabled, createdAt, updatedAt }: WebhookRecord) {
  return { id, url, events, enabled, createdAt, updatedAt }
}

/** The public view of a delivery (no payload). */
export function toDeliveryView(delivery: DeliveryRecord) {
  const { appId: _app, payload: _payload, ...view } = delivery
  return view
}

/** The public view of a before-send hook; the secret only when just made. */
export function toHookView(hook: BeforeSendHookRecord, showSecret: boolean) {
  const { url, timeoutMs, failMode, enabled, updatedAt } = hook
  return { url, timeoutMs, failMode, enabled, updatedAt, ...(showSecret ? { secret: hook.secret } : {}) }
}

/**
 * Webhook management for the REST API: CRUD with URLs checked against the SSRF guard, secret
 * rotation, the delivery log and replay, and the before-send hook settings.
 */
export class WebhookService {
  constructor(
    private readonly storage: Storage,
    private readonly guard: AddressPolicy,
    readonly dispatcher: WebhookDispatcher,
    readonly beforeSend: BeforeSendHook,
  ) {}

  /** Creates a webhook; its secret is in the answer (and only there, besides rotation). */
  async create(appId: string, input: { url: string; events: string[]; enabled?: boolean }): Promise<WebhookRecord> {
    if ((await this.storage.webhooks.list(appId)).length >= MAX_WEBHOOKS_PER_APP) {
      throw new WarblerError('conflict', `An app can have at most ${MAX_WEBHOOKS_PER_APP} webhooks.`)
    }
    await this.guard.check(input.url)
    const now = Date.now()
    const record: WebhookRecord = {
      appId,
      id: newId('wh'),
      url: input.url,
      secret: newSecret('whsec'),
      events: [...new Set(input.events)],
      enabled: input.enabled ?? true,
      createdAt: now,
      updatedAt: now,
    }
    await this.storage.webhooks.create(record)
    return record
  }

  /** The webhook, or `not_found`. */
  async require(appId: string, webhookId: string): Promise<WebhookRecord> {
    const record = await this.storage.webhooks.get(appId, webhookId)
    if (!record) throw new WarblerError('not_found', `No webhook ${webhookId}.`)
    return record
  }

  list(appId: string): Promise<WebhookRecord[]> {
    return this.storage.webhooks.list(appId)
  }

  /** Changes the URL (checked again), the events or whether it is enabled. */
  async update(appId: string, webhookId: string, patch: { url?: string; events?: string[]; enabled?: boolean }): Promise<WebhookRecord> {
    if (patch.url !== undefined) await this.guard.check(patch.url)
    const updated = await this.storage.webhooks.update(appId, webhookId, {
      ...(patch.url === undefined ? {} : { url: patch.url }),
      ...(patch.events === undefined ? {} : { events: [...new Set(patch.events)] }),
      ...(patch.enabled === undefined ? {} : { enabled: patch.enabled }),
      updatedAt: Date.now(),
    })
    if (!updated) throw new WarblerError('not_found', `No webhook ${webhookId}.`)
    return updated
  }

  /** Deletes the webhook and its delivery log. */
  async delete(appId: string, webhookId: string): Promise<void> {
    if (!(await this.storage.webhooks.delete(appId, webhookId))) throw new WarblerError('not_found', `No webhook ${webhookId}.`)
  }

  /** A new secret; the old one stops signing at once. */
  async rotateSecret(appId: string, webhookId: string): Promise<WebhookRecord> {
    const updated = await this.storage.webhooks.update(appId, webhookId, { secret: newSecret('whsec'), updatedAt: Date.now() })
    if (!updated) throw new WarblerError('not_found', `No webhook ${webhookId}.`)
    return updated
  }

  /** A page of the delivery log, newest first. */
  async deliveries(appId: string, webhookId: string, query: { status?: DeliveryStatus; limit: number; after?: string }): Promise<DeliveryRecord[]> {
    await this.require(appId, webhookId)
    return this.storage.webhooks.listDeliveries(appId, webhookId, query)
  }

  /** Sends a logged delivery again (same event id and body, new delivery id). */
  async replay(appId: string, webhookId: string, deliveryId: string): Promise<DeliveryRecord> {
    const delivery = await this.storage.webhooks.getDelivery(appId, webhookId, deliveryId)
    if (!delivery) throw new WarblerError('not_found', `No delivery ${deliveryId}.`)
    return this.dispatcher.replay(delivery)
  }

  /** Queues an event for the app's webhooks (fire and forget). */
  emit(appId: string, type: WebhookEventType, data: unknown): Promise<number> {
    return this.dispatcher.emit(appId, type, data)
  }

  /** Sets the before-send hook; answers with whether the secret is new. */
  async putBeforeSendHook(
    appId: string,
    input: { url: string; timeoutMs: number; failMode: 'open' | 'closed'; enabled: boolean; rotateSecret?: boolean },
  ): Promise<{ hook: BeforeSendHookRecord; newSecret: boolean }> {
    await this.guard.check(input.url)
    const existing = await this.storage.webhooks.getBeforeSendHook(appId)
    const fresh = !existing || input.rotateSecret === true
    const hook: BeforeSendHookRecord = {
      appId,
      url: input.url,
      secret: fresh ? newSecret('hksec') : existing.secret,
      timeoutMs: input.timeoutMs,
      failMode: input.failMode,
      enabled: input.enabled,
      updatedAt: Date.now(),
    }
    await this.storage.webhooks.putBeforeSendHook(hook)
    this.beforeSend.invalidate(appId)
    return { hook, newSecret: fresh }
  }

  async getBeforeSendHook(appId: string): Promise<BeforeSendHookRecord> {
    const hook = await this.storage.webhooks.getBeforeSendHook(appId)
    if (!hook) throw new WarblerError('not_found', 'The app has no before-send hook.')
    return hook
  }

  async deleteBeforeSendHook(appId: string): Promise<void> {
    const deleted = await this.storage.webhooks.deleteBeforeSendHook(appId)
    this.beforeSend.invalidate(appId)
    if (!deleted) throw new WarblerError('not_found', 'The app has no before-send hook.')
  }
}
