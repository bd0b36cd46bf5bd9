import type { BeforeSendHookRecord, DeliveryAttempt, DeliveryRecord, DeliveryStatus, WebhookRecord, WebhookStore } from '../webhook-store.js'
import { toDelivery, toHook, toWebhook } from '../rows/webhook-rows.js'
import type { StoreDatabase } from '../kysely/store-database.js'

type WebhookPatch = Partial<Pick<WebhookRecord, 'url' | 'events' | 'enabled' | 'secret' | 'updatedAt'>>

/**
 * Webhooks, the delivery outbox and before-send hooks (tables of migration 003), on either engine.
 * On PostgreSQL `claimDue` locks the due rows `FOR UPDATE SKIP LOCKED`, so the dispatchers of
 * several nodes polling at once never take the same delivery; SQLite has one writer, so its
 * transaction alone keeps two polls apart.
 */
export class SqlWebhookStore implements WebhookStore {
  constructor(private readonly store: StoreDatabase) {}

  /** `events` is JSONB on PostgreSQL and TEXT on SQLite: both read back as JSON text. */
  private selectWebhooks() {
    return this.store.db
      .selectFrom('webhooks')
      .select((eb) => ['app_id', 'id', 'url', 'secret', eb.cast<string>('events', 'text').as('events'), 'enabled', 'created_at', 'updated_at'])
  }

  async create(r: WebhookRecord): Promise<void> {
    await this.store.db
      .insertInto('webhooks')
      .values({ app_id: r.appId, id: r.id, url: r.url, secret: r.secret, events: JSON.stringify(r.events), enabled: r.enabled, created_at: r.createdAt, updated_at: r.updatedAt })
      .execute()
  }

  async get(appId: string, webhookId: string): Promise<WebhookRecord | undefined> {
    const row = await this.selectWebhooks().where('app_id', '=', appId).where('id', '=', webhookId).executeTakeFirst()
    return row && toWebhook(row)
  }

  async list(appId: string): Promise<WebhookRecord[]> {
    const rows = await this.selectWebhooks().where('app_id', '=', appId).orderBy('created_at').orderBy(this.store.byteOrder('id')).execute()
    return rows.map(toWebhook)
  }

  async update(appId: string, webhookId: string, patch: WebhookPatch): Promise<WebhookRecord | undefined> {
    const current = await this.get(appId, webhookId)
    if (!current) return undefined
    const next = { ...current, ...patch }
    const result = await this.store.db
      .updateTable('webhooks')
      .set({ url: next.url, secret: next.secret, events: JSON.stringify(next.events), enabled: next.enabled, updated_at: next.updatedAt })
      .where('app_id', '=', appId)
      .where('id', '=', webhookId)
      .executeTakeFirst()
    return result.numUpdatedRows > 0n ? next : undefined
  }

  async delete(appId: string, webhookId: string): Promise<boolean> {
    return this.store.transaction(async (trx) => {
      await trx.deleteFrom('webhook_deliveries').where('app_id', '=', appId).where('webhook_id', '=', webhookId).execute()
      const result = await trx.deleteFrom('webhooks').where('app_id', '=', appId).where('id', '=', webhookId).executeTakeFirst()
      return result.numDeletedRows > 0n
    })
  }

  async enqueue(deliveries: readonly DeliveryRecord[]): Promise<void> {
    if (deliveries.length === 0) return
    await this.store.db
      .insertInto('webhook_deliveries')
      .values(
        deliveries.map((d) => ({
          app_id: d.appId,
          id: d.id,
          webhook_id: d.webhookId,
          event_id: d.eventId,
          type: d.type,
          payload: d.payload,
          status: d.status,
          attempts: d.attempts,
          next_attempt_at: d.nextAttemptAt,
          last_status_code: d.lastStatusCode,
          last_error: d.lastError,
          last_response_ms: d.lastResponseMs,
          last_response_body: d.lastResponseBody,
          created_at: d.createdAt,
          updated_at: d.updatedAt,
        })),
      )
      .execute()
  }

  async claimDue(now: number, limit: number, leaseMs: number): Promise<DeliveryRecord[]> {
    return this.store.transaction(async (trx) => {
      const rows = await trx
        .selectFrom('webhook_deliveries')
        .selectAll()
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', now)
        .orderBy('next_attempt_at')
        .limit(limit)
        .$if(this.store.engine === 'postgres', (query) => query.forUpdate().skipLocked())
        .execute()
      for (const row of rows) {
        await trx.updateTable('webhook_deliveries').set({ next_attempt_at: now + leaseMs }).where('app_id', '=', row.app_id).where('id', '=', row.id).execute()
      }
      return rows.map(toDelivery)
    })
  }

  async recordAttempt(appId: string, deliveryId: string, a: DeliveryAttempt): Promise<void> {
    await this.store.db
      .updateTable('webhook_deliveries')
      .set({
        status: a.status,
        attempts: a.attempts,
        next_attempt_at: a.nextAttemptAt,
        last_status_code: a.lastStatusCode,
        last_error: a.lastError,
        last_response_ms: a.lastResponseMs,
        last_response_body: a.lastResponseBody,
        updated_at: a.updatedAt,
      })
      .where('app_id', '=', appId)
      .where('id', '=', deliveryId)
      .execute()
  }

  async getDelivery(appId: string, webhookId: string, deliveryId: string): Promise<DeliveryRecord | undefined> {
    const row = await this.store.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('app_id', '=', appId)
      .where('webhook_id', '=', webhookId)
      .where('id', '=', deliveryId)
      .executeTakeFirst()
    return row && toDelivery(row)
  }

  async listDeliveries(appId: string, webhookId: string, options: { status?: DeliveryStatus; limit: number; after?: string }): Promise<DeliveryRecord[]> {
    const cursor = options.after === undefined ? undefined : await this.getDelivery(appId, webhookId, options.after)
    if (options.after !== undefined && !cursor) return []
    const byteId = this.store.byteOrder('id')
    const rows = await this.store.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('app_id', '=', appId)
      .where('webhook_id', '=', webhookId)
      .$if(options.status !== undefined, (query) => query.where('status', '=', options.status!))
      .$if(cursor !== undefined, (query) =>
        query.where((eb) => eb.or([eb('created_at', '<', cursor!.createdAt), eb.and([eb('created_at', '=', cursor!.createdAt), eb(byteId, '<', cursor!.id)])])),
      )
      .orderBy('created_at', 'desc')
      .orderBy(byteId, 'desc')
      .limit(options.limit)
      .execute()
    return rows.map(toDelivery)
  }

  async getBeforeSendHook(appId: string): Promise<BeforeSendHookRecord | undefined> {
    const row = await this.store.db.selectFrom('before_send_hooks').selectAll().where('app_id', '=', appId).executeTakeFirst()
    return row && toHook(row)
  }

  async putBeforeSendHook(r: BeforeSendHookRecord): Promise<void> {
    const values = { url: r.url, secret: r.secret, timeout_ms: r.timeoutMs, fail_mode: r.failMode, enabled: r.enabled, updated_at: r.updatedAt }
    await this.store.db
      .insertInto('before_send_hooks')
      .values({ app_id: r.appId, ...values })
      .onConflict((conflict) => conflict.column('app_id').doUpdateSet(values))
      .execute()
  }

  async deleteBeforeSendHook(appId: string): Promise<boolean> {
    const result = await this.store.db.deleteFrom('before_send_hooks').where('app_id', '=', appId).executeTakeFirst()
    return result.numDeletedRows > 0n
  }
}
