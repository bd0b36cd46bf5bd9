/** How the push outbox is worked, and where the providers are (overridable for proxies and tests). */
export interface PushDeliverySettings {
  /** How often each node looks for due pushes when nothing kicked it, in ms. */
  pollIntervalMs: number
  /** Pushes in flight per node. */
  concurrency: number
  /** Time for one provider request, in ms. */
  attemptTimeoutMs: number
  /** Delay before each retry (the last repeats), in ms. */
  retryScheduleMs: number[]
  /** A push not delivered within this long after its message is given up, in ms. */
  retryWindowMs: number
  /** ± fraction of each retry delay. */
  jitter: number
  /** Finished entries of the delivery log are kept this long, in ms. */
  logRetentionMs: number
  /** The VAPID contact until an app sets its own. */
  vapidSubject: string
  /** FCM HTTP v1 API origin. */
  fcmUrl: string
  /** APNs origins per environment. */
  apnsProductionUrl: string
  apnsDevelopmentUrl: string
  /** Huawei Push Kit API origin and OAuth token URL. */
  hmsUrl: string
  hmsTokenUrl: string
}

const DEFAULTS: PushDeliverySettings = {
  pollIntervalMs: 1000,
  concurrency: 32,
  attemptTimeoutMs: 10_000,
  retryScheduleMs: [1000, 5000, 30_000, 120_000, 600_000],
  retryWindowMs: 3600_000,
  jitter: 0.2,
  logRetentionMs: 7 * 24 * 3600_000,
  vapidSubject: 'mailto:push@warbler.invalid',
  fcmUrl: 'https://fcm.googleapis.com',
  apnsProductionUrl: 'https://api.push.apple.com',
  apnsDevelopmentUrl: 'https://api.sandbox.push.apple.com',
  hmsUrl: 'https://push-api.cloud.huawei.com',
  hmsTokenUrl: 'https://oauth-login.cloud.huawei.com/oauth2/v3/token',
}

/**
 * Reads `WARBLER_PUSH_*` from the environment over the defaults: `_POLL_MS`, `_CONCURRENCY`,
 * `_TIMEOUT_MS`, `_VAPID_SUBJECT`, `_FCM_URL`, `_APNS_URL` (both environments), `_HMS_URL`,
 * `_HMS_TOKEN_URL`. Explicit overrides (tests) win.
 */
export function loadPushDeliverySettings(env: NodeJS.ProcessEnv = process.env, overrides: Partial<PushDeliverySettings> = {}): PushDeliverySettings {
  const number = (name: string, fallback: number) => {
    const value = Number(env[name])
    return env[name] !== undefined && Number.isFinite(value) && value >= 0 ? value : fallback
  }
  const apns = env.WARBLER_PUSH_APNS_URL
  return {
    ...DEFAULTS,
    pollIntervalMs: number('WARBLER_PUSH_POLL_MS', DEFAULTS.pollIntervalMs),
    concurrency: Math.max(1, number('WARBLER_PUSH_CONCURRENCY', DEFAULTS.concurrency)),
    attemptTimeoutMs: number('WARBLER_PUSH_TIMEOUT_MS', DEFAULTS.attemptTimeoutMs),
    vapidSubject: env.WARBLER_PUSH_VAPID_SUBJECT ?? DEFAULTS.vapidSubject,
    fcmUrl: env.WARBLER_PUSH_FCM_URL ?? DEFAULTS.fcmUrl,
    apnsProductionUrl: apns ?? DEFAULTS.apnsProductionUrl,
    apnsDevelopmentUrl: apns ?? DEFAULTS.apnsDevelopmentUrl,
    hmsUrl: env.WARBLER_PUSH_HMS_URL ?? DEFAULTS.hmsUrl,
    hmsTokenUrl: env.WARBLER_PUSH_HMS_TOKEN_URL ?? DEFAULTS.hmsTokenUrl,
    ...overrides,
  }
}
