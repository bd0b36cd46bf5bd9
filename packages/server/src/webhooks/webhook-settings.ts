/** How webhooks and the before-send hook reach out, and how deliveries are retried. */
export interface WebhookSettings {
  /**
   * Hosts, IP addresses and CIDR ranges outbound calls may reach even though they are private,
   * loopback or otherwise internal (`WARBLER_OUTBOUND_ALLOWLIST`, comma-separated).
   */
  outboundAllowlist: string[]
  /** How often the dispatcher looks for due deliveries when idle (ms). */
  pollIntervalMs: number
  /** Deliveries in flight at once, per node. */
  concurrency: number
  /** Time for one delivery attempt (ms). */
  attemptTimeoutMs: number
  /** Delay before each retry (ms); the last entry repeats. */
  retryScheduleMs: number[]
  /** A delivery is given up (`failed`) when its next retry would fall later than this after the event (ms). */
  retryWindowMs: number
  /** Each delay is spread by ± this fraction, so receivers coming back up are not hit in lockstep. */
  jitter: number
}

const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE

/** The production schedule: 10 s, 30 s, 2 min, 10 min, 30 min, 1 h, 2 h, then every 4 h until 24 h. */
export const DEFAULT_RETRY_SCHEDULE_MS = [10 * SECOND, 30 * SECOND, 2 * MINUTE, 10 * MINUTE, 30 * MINUTE, HOUR, 2 * HOUR, 4 * HOUR]

/** Parses a comma-separated list, dropping blanks. */
export function parseList(value: string | undefined): string[] {
  return (value ?? '').split(',').map((entry) => entry.trim()).filter((entry) => entry.length > 0)
}

/**
 * Webhook settings from environment variables (`WARBLER_OUTBOUND_ALLOWLIST`,
 * `WARBLER_WEBHOOK_CONCURRENCY`), with overrides (tests use a short retry schedule).
 */
export function loadWebhookSettings(environment: Record<string, string | undefined> = process.env, overrides: Partial<WebhookSettings> = {}): WebhookSettings {
  const concurrency = Number(environment.WARBLER_WEBHOOK_CONCURRENCY ?? 8)
  return {
    outboundAllowlist: parseList(environment.WARBLER_OUTBOUND_ALLOWLIST),
    pollIntervalMs: 1000,
    concurrency: Number.isInteger(concurrency) && concurrency > 0 ? Math.min(concurrency, 256) : 8,
    attemptTimeoutMs: 10 * SECOND,
    retryScheduleMs: DEFAULT_RETRY_SCHEDULE_MS,
    retryWindowMs: 24 * HOUR,
    jitter: 0.2,
    ...overrides,
  }
}
