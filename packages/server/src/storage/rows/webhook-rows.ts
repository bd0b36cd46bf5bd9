import type { Selectable } from 'kysely'
import type { BeforeSendHookRecord, DeliveryRecord, DeliveryStatus, WebhookRecord } from '../webhook-store.js'
import type { Database } from '../kysely/database.js'

/** 0/1 in SQLite, a boolean in PostgreSQL. */
const flag = (value: boolean | number) => value === true || value === 1

/** A `webhooks` row. `events` is JSON text (JSONB on PostgreSQL, selected as text). */
export type WebhookRow = Selectable<Database['webhooks']>

/** Turns a `webhooks` row into a record. */
export const toWebhook = (row: WebhookRow): WebhookRecord => ({
  appId: row.app_id,
  id: row.id,
  url: row.url,
  secret: row.secret,
  events: JSON.parse(row.events) as string[],
  enabled: flag(row.enabled),
  createdAt: row.created_at,
  updatedAt: row.updated_at,
})

/** A `webhook_deliveries` row. */
export type DeliveryRow = Selectable<Database['webhook_deliveries']>

/** Turns a `webhook_deliveries` row into a record. */
export const toDelivery = (row: DeliveryRow): DeliveryRecord => ({
  appId: row.app_id,
  id: row.id,
  webhookId: row.webhook_id,
  eventId: row.event_id,
  type: row.type,
  payload: row.payload,
  status: row.status,
  attempts: row.attempts,
  nextAttemptAt: row.next_attempt_at,
  lastStatusCode: row.last_status_code,
  lastError: row.last_error,
  lastResponseMs: row.last_response_ms,
  lastResponseBody: row.last_response_body,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
})

/** A `before_send_hooks` row. */
export type HookRow = Selectable<Database['before_send_hooks']>

/** Turns a `before_send_hooks` row into a record. */
export const toHook = (row: HookRow): BeforeSendHookRecord => ({
  appId: row.app_id,
  url: row.url,
  secret: row.secret,
  timeoutMs: row.timeout_ms,
  failMode: row.fail_mode,
  enabled: flag(row.enabled),
  updatedAt: row.updated_at,
})
