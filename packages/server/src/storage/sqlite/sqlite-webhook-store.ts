import type { BeforeSendHookRecord, DeliveryAttempt, DeliveryRecord, DeliveryStatus, WebhookRecord, WebhookStore } from '../webhook-store.js'
import type { SqliteDatabase, SqliteStatement } from './sqlite-driver.js'
import { toDelivery, toHook, toWebhook, type DeliveryRow, type HookRow, type WebhookRow } from '../rows/webhook-rows.js'

/** Webhooks, the delivery outbox and before-send hooks in SQLite. */
export class SqliteWebhookStore implements WebhookStore {
  private readonly statements: Record<string, SqliteStatement>

  constructor(private readonly db: SqliteDatabase) {
    this.statements = {
      insert: db.prepare(`INSERT INTO webhooks (app_id, id, url, secret, events, enabled, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
      get: db.prepare('SELECT * FROM webhooks WHERE app_id = ? AND id = ?'),
      list: db.prepare('SELECT * FROM webhooks WHERE app_id = ? ORDER BY created_at, id'),
      update: db.prepare(`UPDATE webhooks SET url = ?, secret = ?, events = ?, enabled = ?, updated_at = ? WHERE app_id = ? AND id = ?`),
      delete: db.prepare('DELETE FROM webhooks WHERE app_id = ? AND id = ?'),
      deleteDeliveries: db.prepare('DELETE FROM webhook_deliveries WHERE app_id = ? AND webhook_id = ?'),
      enqueue: db.prepare(`INSERT INTO webhook_deliveries (app_id, id, webhook_id, event_id, type, payload, status, attempts,
        next_attempt_at, last_status_code, last_error, last_response_ms, last_response_body, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      due: db.prepare(`SELECT * FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= ?
        ORDER BY next_attempt_at LIMIT ?`),
      lease: db.prepare('UPDATE webhook_deliveries SET next_attempt_at = ? WHERE app_id = ? AND id = ?'),
      record: db.prepare(`UPDATE webhook_deliveries SET status = ?, attempts = ?, next_attempt_at = ?, last_status_code = ?,
        last_error = ?, last_response_ms = ?, last_response_body = ?, updated_at = ? WHERE app_id = ? AND id = ?`),
      getDelivery: db.prepare('SELECT * FROM webhook_deliveries WHERE app_id = ? AND webhook_id = ? AND id = ?'),
      getHook: db.prepare('SELECT * FROM before_send_hooks WHERE app_id = ?'),
      putHook: db.prepare(`INSERT INTO before_send_hooks (app_id, url, secret, timeout_ms, fail_mode, enabled, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (app_id) DO UPDATE SET url = excluded.url, secret = excluded.secret,
        timeout_ms = excluded.timeout_ms, fail_mode = excluded.fail_mode, enabled = excluded.enabled, updated_at = excluded.updated_at`),
      deleteHook: db.prepare('DELETE FROM before_send_hooks WHERE app_id = ?'),
    }
  }

  async create(record: WebhookRecord): Promise<void> {
    this.statements.insert!.run(record.appId, record.id, record.url, record.secret, JSON.stringify(record.events), record.enabled ? 1 : 0, record.createdAt, record.updatedAt)
  }

  async get(appId: string, webhookId: string): Promise<WebhookRecord | undefined> {
    const row = this.statements.get!.get(appId, webhookId) as WebhookRow | undefined
    return row && toWebhook(row)
  }

  async list(appId: string): Promise<WebhookRecord[]> {
    return (this.statements.list!.all(appId) as WebhookRow[]).map(toWebhook)
  }

  async update(appId: string, webhookId: string, patch: Partial<Pick<WebhookRecord, 'url' | 'events' | 'enabled' | 'secret' | 'updatedAt'>>): Promise<WebhookRecord | undefined> {
    const current = await this.get(appId, webhookId)
    if (!current) return undefined
    const next = { ...current, ...patch }
    this.statements.update!.run(next.url, next.secret, JSON.stringify(next.events), next.enabled ? 1 : 0, next.updatedAt, appId, webhookId)
    return next
  }

  async delete(appId: string, webhookId: string): Promise<boolean> {
    return this.db.transaction(() => {
      this.statements.deleteDeliveries!.run(appId, webhookId)
      return this.statements.delete!.run(appId, webhookId).changes > 0
    })()
  }

  async enqueue(deliveries: readonly DeliveryRecord[]): Promise<void> {
    if (deliveries.length === 0) return
    this.db.transaction(() => {
      for (const d of deliveries) {
        this.statements.enqueue!.run(d.appId, d.id, d.webhookId, d.eventId, d.type, d.payload, d.status, d.attempts, d.nextAttemptAt,
          d.lastStatusCode, d.lastError, d.lastResponseMs, d.lastResponseBody, d.createdAt, d.updatedAt)
      }
    })()
  }

  async claimDue(now: number, limit: number, leaseMs: number): Promise<DeliveryRecord[]> {
    return this.db.transaction(() => {
      const rows = this.statements.due!.all(now, limit) as DeliveryRow[]
      for (const row of rows) this.statements.lease!.run(now + leaseMs, row.app_id, row.id)
      return rows.map(toDelivery)
    })()
  }

  async recordAttempt(appId: string, deliveryId: string, a: DeliveryAttempt): Promise<void> {
    this.statements.record!.run(a.status, a.attempts, a.nextAttemptAt, a.lastStatusCode, a.lastError, a.lastResponseMs, a.lastResponseBody, a.updatedAt, appId, deliveryId)
  }

  async getDelivery(appId: string, webhookId: string, deliveryId: string): Promise<DeliveryRecord | undefined> {
    const row = this.statements.getDelivery!.get(appId, webhookId, deliveryId) as DeliveryRow | undefined
    return row && toDelivery(row)
  }

  async listDeliveries(appId: string, webhookId: string, options: { status?: DeliveryStatus; limit: number; after?: string }): Promise<DeliveryRecord[]> {
    const where = ['app_id = ?', 'webhook_id = ?']
    const params: unknown[] = [appId, webhookId]
    if (options.status) {
      where.push('status = ?')
      params.push(options.status)
    }
    if (options.after) {
      const cursor = await this.getDelivery(appId, webhookId, options.after)
      if (!cursor) return []
      where.push('(created_at < ? OR (created_at = ? AND id < ?))')
      params.push(cursor.createdAt, cursor.createdAt, cursor.id)
    }
    const rows = this.db
      .prepare(`SELECT * FROM webhook_deliveries WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT ?`)
      .all(...params, options.limit) as DeliveryRow[]
    return rows.map(toDelivery)
  }

  async getBeforeSendHook(appId: string): Promise<BeforeSendHookRecord | undefined> {
    const row = this.statements.getHook!.get(appId) as HookRow | undefined
    if (!row) return undefined
    return toHook(row)
  }

  async putBeforeSendHook(r: BeforeSendHookRecord): Promise<void> {
    this.statements.putHook!.run(r.appId, r.url, r.secret, r.timeoutMs, r.failMode, r.enabled ? 1 : 0, r.updatedAt)
  }

  async deleteBeforeSendHook(appId: string): Promise<boolean> {
    return this.statements.deleteHook!.run(appId).changes > 0
  }
}
