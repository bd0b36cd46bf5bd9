import type { GuardedFetch } from '@warbler/ai/net'
import type { PushTargetRecord } from '../../storage/push-store.js'
import type { PushNotification } from '../notification.js'
import type { OpenedCredentials } from '../provider-credentials.js'
import { OAuthTokenCache } from './oauth-token-cache.js'
import { outcomeOfStatus, type PushOutcome, type PushProviderClient } from './push-provider.js'

/** Push Kit result codes (the HTTP status is 200 for most of them). */
const SUCCESS = '80000000'
const INVALID_TOKENS = new Set(['80300007', '80100000'])
const AUTH_EXPIRED = new Set(['80200003', '80200001'])

/**
 * Huawei Push Kit (the first of the Chinese phone vendors' channels): OAuth 2.0 client
 * credentials for the AppGallery app, then `/v1/{appId}/messages:send`. Result code 80300007
 * (invalid token) prunes the device; an expired access token is fetched again.
 */
export class HmsProvider implements PushProviderClient {
  readonly provider = 'hms' as const
  private readonly tokens = new OAuthTokenCache()

  constructor(
    private readonly fetch: GuardedFetch,
    private readonly credentials: (appId: string) => Promise<OpenedCredentials['hms'] | undefined>,
    private readonly urls: { api: string; token: string },
  ) {}

  async send(target: PushTargetRecord, notification: PushNotification, body: string): Promise<PushOutcome> {
    const app = await this.credentials(target.appId)
    if (!app) return { kind: 'failed', status: null, reason: 'Huawei Push Kit is not configured for this app.' }
    const cacheKey = `${target.appId}\u0000${app.appId}`
    const accessToken = await this.tokens.get(cacheKey, () => this.accessToken(app))
    const message = {
      validate_only: false,
      message: {
        token: [target.address],
        data: JSON.stringify(notification.data),
        android: {
          ttl: `${notification.ttlSeconds}s`,
          urgency: 'HIGH',
          notification: { title: notification.title, body, tag: notification.collapseKey, click_action: { type: 3 }, badge: { set_num: notification.badge } },
        },
      },
    }
    const response = await this.fetch(`${this.urls.api}/v1/${encodeURIComponent(app.appId)}/messages:send`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json;charset=utf-8' },
      body: JSON.stringify(message),
      redirect: 'error',
    })
    const answer = (await response.json().catch(() => ({}))) as { code?: string; msg?: string }
    const code = String(answer.code ?? '')
    if (response.ok && code === SUCCESS) return { kind: 'sent', status: response.status }
    if (INVALID_TOKENS.has(code)) return { kind: 'gone', status: response.status, reason: `${code} ${answer.msg ?? ''}`.trim() }
    if (response.status === 401 || AUTH_EXPIRED.has(code)) {
      this.tokens.forget(cacheKey)
      return { kind: 'retry', status: response.status, reason: 'The access token expired; a new one is fetched.', retryAfterMs: 0 }
    }
    if (response.ok) return { kind: 'failed', status: response.status, reason: `${code} ${answer.msg ?? ''}`.trim() }
    return outcomeOfStatus(response.status, answer.msg ?? `HTTP ${response.status}`, response.headers.get('retry-after'))
  }

  close(): void {}

  private async accessToken(app: OpenedCredentials['hms']) {
    const response = await this.fetch(this.urls.token, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: app.appId, client_secret: app.clientSecret }).toString(),
      redirect: 'error',
    })
    const answer = (await response.json().catch(() => ({}))) as { access_token?: string; expires_in?: number }
    if (!response.ok || !answer.access_token) throw new Error(`The Push Kit client credentials were refused (HTTP ${response.status}).`)
    return { token: answer.access_token, expiresAt: Date.now() + (answer.expires_in ?? 3600) * 1000 }
  }
}
