import type { BeforeSendHookRecord, DeliveryRecord, DeliveryStatus, WebhookRecord } from '../webhook-store.js'

/** 0/1 in SQLite, a boolean in PostgreSQL. */
const flag = (value: boolean | number) => value === true || value === 1

/** A `webhooks` row. `events` is JSON text (JSONB on PostgreSQL, selected as text). */
export interface WebhookRow {
  app_id: string
  id: string
  url: string
  secret: string
  events: string
  enabled: boolean | number
  created_at: number
  updated_at: number
}

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
export interface DeliveryRow {
  app_id: string
  id: string
  webhook_id: string
  event_id: string
  type: string
  payload: string
  status: DeliveryStatus
  attempts: number
  next_attempt_at: number | null
  last_status_code: number | null
  last_error: string | null
  last_response_ms: number | null
  last_response_body: string | null
  created_at: number
  updated_at: number
}

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
export interface HookRow {
  app_id: string
  url: string
  secret: string
  timeout_ms: number
  fail_mode: 'open' | 'closed'
  enabled: boolean | number
  updated_at: number
}

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
