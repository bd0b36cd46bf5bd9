import type { PushProvider } from '@warbler/protocol'
import type { PushTargetRecord } from '../../storage/push-store.js'
import type { PushNotification } from '../notification.js'

/** What a provider said about one push. */
export type PushOutcome =
  /** Accepted for delivery. */
  | { kind: 'sent'; status: number }
  /** The device is gone (uninstalled, unsubscribed, token invalid): prune the target. */
  | { kind: 'gone'; status: number; reason: string }
  /** Try again later (rate limit, outage, expired auth token). */
  | { kind: 'retry'; status: number | null; reason: string; retryAfterMs?: number }
  /** Will not succeed by retrying (bad credentials, payload refused, not configured). */
  | { kind: 'failed'; status: number | null; reason: string }

/** One push service behind one interface: Web Push, FCM, APNs, Huawei Push Kit. */
export interface PushProviderClient {
  readonly provider: PushProvider
  /** Sends one notification to one device; never throws for what the service answers. */
  send(target: PushTargetRecord, notification: PushNotification, body: string): Promise<PushOutcome>
  /** Releases connections (HTTP/2 sessions). */
  close(): void
}

/** Retry-After in ms (seconds or an HTTP date), if the answer carries one. */
export function retryAfterMs(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined
  const seconds = Number(value)
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000)
  const at = Date.parse(value)
  return Number.isNaN(at) ? undefined : Math.max(0, at - now)
}

/** The usual reading of an HTTP status from a push service. */
export function outcomeOfStatus(status: number, reason: string, retryAfter?: string | null): PushOutcome {
  if (status >= 200 && status < 300) return { kind: 'sent', status }
  if (status === 404 || status === 410) return { kind: 'gone', status, reason }
  if (status === 429 || status >= 500) {
    const after = retryAfterMs(retryAfter)
    return { kind: 'retry', status, reason, ...(after === undefined ? {} : { retryAfterMs: after }) }
  }
  return { kind: 'failed', status, reason }
}
