import type { GuardedFetch } from '@warbler/ai/net'
import { importPKCS8, SignJWT } from 'jose'
import type { PushTargetRecord } from '../../storage/push-store.js'
import type { PushNotification } from '../notification.js'
import type { OpenedCredentials } from '../provider-credentials.js'
import { OAuthTokenCache } from './oauth-token-cache.js'
import { outcomeOfStatus, retryAfterMs, type PushOutcome, type PushProviderClient } from './push-provider.js'

const SCOPE = 'https://www.googleapis.com/auth/firebase.messaging'

/**
 * Firebase Cloud Messaging, HTTP v1 API. Authenticates as the app's service account (a JWT signed
 * RS256 exchanged at its `token_uri` for an OAuth access token, cached until it expires) and sends
 * `projects/{id}/messages:send`. `UNREGISTERED` (and 404) prunes the device.
 */
export class FcmProvider implements PushProviderClient {
  readonly provider = 'fcm' as const
  private readonly tokens = new OAuthTokenCache()

  constructor(
    private readonly fetch: GuardedFetch,
    private readonly credentials: (appId: string) => Promise<OpenedCredentials['fcm'] | undefined>,
    private readonly apiUrl: string,
  ) {}

  async send(target: PushTargetRecord, notification: PushNotification, body: string): Promise<PushOutcome> {
    const account = await this.credentials(target.appId)
    if (!account) return { kind: 'failed', status: null, reason: 'FCM is not configured for this app.' }
    const cacheKey = `${target.appId}\u0000${account.clientEmail}`
    const accessToken = await this.tokens.get(cacheKey, () => this.accessToken(account))
    const message = {
      message: {
        token: target.address,
        notification: { title: notification.title, body },
        data: notification.data,
        android: { collapse_key: notification.collapseKey, ttl: `${notification.ttlSeconds}s`, priority: 'HIGH', notification: { tag: notification.collapseKey, notification_count: notification.badge } },
        apns: { headers: { 'apns-collapse-id': notification.collapseKey.slice(0, 64) }, payload: { aps: { badge: notification.badge } } },
      },
    }
    const response = await this.fetch(`${this.apiUrl}/v1/projects/${encodeURIComponent(account.projectId)}/messages:send`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(message),
      redirect: 'error',
    })
    const text = await response.text()
    if (response.ok) return { kind: 'sent', status: response.status }
    const error = parseError(text)
    if (error.codes.includes('UNREGISTERED')) return { kind: 'gone', status: response.status, reason: 'UNREGISTERED' }
    if (response.status === 401) {
      this.tokens.forget(cacheKey)
      return { kind: 'retry', status: 401, reason: 'The access token was refused; a new one is fetched.', retryAfterMs: 0 }
    }
    return outcomeOfStatus(response.status, error.message || `HTTP ${response.status}`, response.headers.get('retry-after'))
  }

  close(): void {}

  private async accessToken(account: OpenedCredentials['fcm']) {
    const key = await importPKCS8(account.privateKey, 'RS256')
    const now = Math.floor(Date.now() / 1000)
    const assertion = await new SignJWT({ scope: SCOPE })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
      .setIssuer(account.clientEmail)
      .setAudience(account.tokenUri)
      .setIssuedAt(now)
      .setExpirationTime(now + 3600)
      .sign(key)
    const response = await this.fetch(account.tokenUri, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion }).toString(),
      redirect: 'error',
    })
    const answer = (await response.json().catch(() => ({}))) as { access_token?: string; expires_in?: number; error?: string }
    if (!response.ok || !answer.access_token) {
      const after = retryAfterMs(response.headers.get('retry-after'))
      throw Object.assign(new Error(`The service account token was refused (HTTP ${response.status}${answer.error ? `, ${answer.error}` : ''}).`), { permanent: response.status === 400 || response.status === 401, retryAfterMs: after })
    }
    return { token: answer.access_token, expiresAt: Date.now() + (answer.expires_in ?? 3600) * 1000 }
  }
}

function parseError(text: string): { message: string; codes: string[] } {
  try {
    const parsed = JSON.parse(text) as { error?: { message?: string; status?: string; details?: { errorCode?: string }[] } }
    const codes = [parsed.error?.status, ...(parsed.error?.details ?? []).map((detail) => detail.errorCode)].filter((code): code is string => typeof code === 'string')
    return { message: parsed.error?.message ?? '', codes }
  } catch {
    return { message: text.slice(0, 200), codes: [] }
  }
}
