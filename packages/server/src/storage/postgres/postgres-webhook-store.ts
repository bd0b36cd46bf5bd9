import type { BeforeSendHookRecord, DeliveryAttempt, DeliveryRecord, DeliveryStatus, WebhookRecord, WebhookStore } from '../webhook-store.js'
import { inTransaction, type PgPool } from './postgres-driver.js'
import { toDelivery, toHook, toWebhook, type DeliveryRow, type HookRow, type WebhookRow } from '../rows/webhook-rows.js'

/**
 * Webhooks, the delivery outbox and before-send hooks in PostgreSQL. `claimDue` uses
 * `FOR UPDATE SKIP LOCKED`, so the dispatchers of several nodes polling at once never take the
 * same delivery.
 */
export class PostgresWebhookStore implements WebhookStore {
  constructor(private readonly pool: PgPool) {}

  async create(r: WebhookRecord): Promise<void> {
    await this.pool.query(
      'INSERT INTO webhooks (app_id, id, url, secret, events, enabled, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
      [r.appId, r.id, r.url, r.secret, JSON.stringify(r.events), r.enabled, r.createdAt, r.updatedAt],
    )
  }

  async get(appId: string, webhookId: string): Promise<WebhookRecord | undefined> {
    const { rows } = await this.pool.query<WebhookRow>('SELECT * FROM webhooks WHERE app_id = $1 AND id = $2', [appId, webhookId])
    return rows[0] && toWebhook(rows[0])
  }

  async list(appId: string): Promise<WebhookRecord[]> {
    const { rows } = await this.pool.query<WebhookRow>('SELECT * FROM webhooks WHERE app_id = $1 ORDER BY created_at, id', [appId])
    return rows.map(toWebhook)
  }

  async update(appId: string, webhookId: string, patch: Partial<Pick<WebhookRecord, 'url' | 'events' | 'enabled' | 'secret' | 'updatedAt'>>): Promise<WebhookRecord | undefined> {
    const current = await this.get(appId, webhookId)
    if (!current) return undefined
    const next = { ...current, ...patch }
    const { rows } = await this.pool.query<WebhookRow>(
      'UPDATE webhooks SET url = $1, secret = $2, events = $3, enabled = $4, updated_at = $5 WHERE app_id = $6 AND id = $7 RETURNING *',
      [next.url, next.secret, JSON.stringify(next.events), next.enabled, next.updatedAt, appId, webhookId],
    )
    return rows[0] && toWebhook(rows[0])
  }

  async delete(appId: string, webhookId: string): Promise<boolean> {
    return inTransaction(this.pool, async (client) => {
      await client.query('DELETE FROM webhook_deliveries WHERE app_id = $1 AND webhook_id = $2', [appId, webhookId])
      const { rowCount } = await client.query('DELETE FROM webhooks WHERE app_id = $1 AND id = $2', [appId, webhookId])
      return (rowCount ?? 0) > 0
    })
  }

  async enqueue(deliveries: readonly DeliveryRecord[]): Promise<void> {
    if (deliveries.length === 0) return
    await inTransaction(this.pool, async (client) => {
      for (const d of deliveries) {
        await client.query(
          `INSERT INTO webhook_deliveries (app_id, id, webhook_id, event_id, type, payload, status, attempts, next_attempt_at,
             last_status_code, last_error, last_response_ms, last_response_body, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
          [d.appId, d.id, d.webhookId, d.eventId, d.type, d.payload, d.status, d.attempts, d.nextAttemptAt, d.lastStatusCode, d.lastError, d.lastResponseMs, d.lastResponseBody, d.createdAt, d.updatedAt],
        )
      }
    })
  }

  async claimDue(now: number, limit: number, leaseMs: number): Promise<DeliveryRecord[]> {
    const { rows } = await this.pool.query<DeliveryRow>(
      `WITH due AS (
         SELECT * FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= $1
         ORDER BY next_attempt_at LIMIT $2 FOR UPDATE SKIP LOCKED
       ), leased AS (
         UPDATE webhook_deliveries w SET next_attempt_at = $3 FROM due WHERE w.app_id = due.app_id AND w.id = due.id
       )
       SELECT * FROM due ORDER BY next_attempt_at`,
      [now, limit, now + leaseMs],
    )
    return rows.map(toDelivery)
  }

  async recordAttempt(appId: string, deliveryId: string, a: DeliveryAttempt): Promise<void> {
    await this.pool.query(
      `UPDATE webhook_deliveries SET status = $1, attempts = $2, next_attempt_at = $3, last_status_code = $4, last_error = $5,
         last_response_ms = $6, last_response_body = $7, updated_at = $8 WHERE app_id = $9 AND id = $10`,
      [a.status, a.attempts, a.nextAttemptAt, a.lastStatusCode, a.lastError, a.lastResponseMs, a.lastResponseBody, a.updatedAt, appId, deliveryId],
    )
  }

  async getDelivery(appId: string, webhookId: string, deliveryId: string): Promise<DeliveryRecord | undefined> {
    const { rows } = await this.pool.query<DeliveryRow>('SELECT * FROM webhook_deliveries WHERE app_id = $1 AND webhook_id = $2 AND id = $3', [appId, webhookId, deliveryId])
    return rows[0] && toDelivery(rows[0])
  }

  async listDeliveries(appId: string, webhookId: string, options: { status?: DeliveryStatus; limit: number; after?: string }): Promise<DeliveryRecord[]> {
    const where = ['app_id = $1', 'webhook_id = $2']
    const params: unknown[] = [appId, webhookId]
    if (options.status) {
      params.push(options.status)
      where.push(`status = $${params.length}`)
    }
    if (options.after) {
      const cursor = await this.getDelivery(appId, webhookId, options.after)
      if (!cursor) return []
      params.push(cursor.createdAt, cursor.id)
      where.push(`(created_at < $${params.length - 1} OR (created_at = $${params.length - 1} AND id < $${params.length}))`)
    }
    params.push(options.limit)
    const { rows } = await this.pool.query<DeliveryRow>(
      `SELECT * FROM webhook_deliveries WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT $${params.length}`,
      params,
    )
    return rows.map(toDelivery)
  }

  async getBeforeSendHook(appId: string): Promise<BeforeSendHookRecord | undefined> {
    const { rows } = await this.pool.query<HookRow>('SELECT * FROM before_send_hooks WHERE app_id = $1', [appId])
    const row = rows[0]
    if (!row) return undefined
    return toHook(row)
  }

  async putBeforeSendHook(r: BeforeSendHookRecord): Promise<void> {
    await this.pool.query(
      `INSERT INTO before_send_hooks (app_id, url, secret, timeout_ms, fail_mode, enabled, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (app_id) DO UPDATE SET url = excluded.url, secret = excluded.secret, timeout_ms = excluded.timeout_ms,
         fail_mode = excluded.fail_mode, enabled = excluded.enabled, updated_at = excluded.updated_at`,
      [r.appId, r.url, r.secret, r.timeoutMs, r.failMode, r.enabled, r.updatedAt],
    )
  }

  async deleteBeforeSendHook(appId: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('DELETE FROM before_send_hooks WHERE app_id = $1', [appId])
    return (rowCount ?? 0) > 0
  }
}
