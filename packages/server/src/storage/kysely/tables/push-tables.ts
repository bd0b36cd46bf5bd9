import type { Generated } from 'kysely'

/**
 * The tables of push notifications (issue 26), as Kysely sees them. Columns in snake_case;
 * timestamps are epoch milliseconds; JSON columns are TEXT; flags are `boolean | number` (0/1 on
 * SQLite). Merged into {@link import('../database.js').Database}.
 */
export interface PushTables {
  /** One row per user and device: where that device is reached. */
  push_targets: {
    app_id: string
    user_id: string
    device_id: string
    provider: 'webpush' | 'fcm' | 'apns' | 'hms'
    /** The device token, or the Web Push subscription as JSON. */
    address: string
    /** SHA-256 of the address: one device token belongs to one user at a time. */
    address_key: string
    created_at: number
    updated_at: number
  }
  /** The push outbox: one row per device and message (or burst), claimed by one node at a time. */
  push_jobs: {
    app_id: string
    id: string
    user_id: string
    device_id: string
    provider: 'webpush' | 'fcm' | 'apns' | 'hms'
    conversation_id: string
    /** The newest message of the burst. */
    seq: number
    collapsed: Generated<number>
    /** The notification (title, body, badge, data) as JSON. */
    payload: string
    status: 'pending' | 'sent' | 'failed' | 'pruned' | 'skipped'
    attempts: Generated<number>
    next_attempt_at: number
    last_status_code: number | null
    last_error: string | null
    /** When the newest message of the burst was committed (for latency). */
    message_at: number
    created_at: number
    updated_at: number
    sent_at: number | null
  }
  /** Per app and provider: the provider's credentials, encrypted, and what may be shown of them. */
  push_credentials: {
    app_id: string
    provider: 'webpush' | 'fcm' | 'apns' | 'hms'
    /** The sealed secret part (service account key, signing key, client secret, VAPID private key). */
    sealed: string
    /** The public part as JSON (project id, key id, VAPID public key…). */
    public_info: string
    updated_at: number
  }
  /** A user's push preferences. */
  push_preferences: {
    app_id: string
    user_id: string
    enabled: boolean | number
    /** `{ start, end, timeZone }` as JSON, or null. */
    do_not_disturb: string | null
    mentions_override_mute: boolean | number
    updated_at: number
  }
}
