import { GuardedHttp2Session, type AddressPolicy } from '@warbler/ai/net'
import { importPKCS8, SignJWT } from 'jose'
import type { PushTargetRecord } from '../../storage/push-store.js'
import type { PushNotification } from '../notification.js'
import type { OpenedCredentials } from '../provider-credentials.js'
import { OAuthTokenCache } from './oauth-token-cache.js'
import { outcomeOfStatus, type PushOutcome, type PushProviderClient } from './push-provider.js'

/** Reasons APNs gives for a token that will never work again. */
const GONE_REASONS = new Set(['BadDeviceToken', 'Unregistered', 'DeviceTokenNotForTopic'])

/**
 * Apple Push Notification service over HTTP/2 with token authentication: a JWT signed ES256 with
 * the app's .p8 key (`kid` key id, `iss` team id), reused for 50 minutes as Apple asks, on one
 * HTTP/2 session per environment through the guarded client. 410 and `BadDeviceToken` prune.
 */
export class ApnsProvider implements PushProviderClient {
  readonly provider = 'apns' as const
  private readonly tokens = new OAuthTokenCache()
  private readonly sessions = new Map<string, GuardedHttp2Session>()

  constructor(
    private readonly policy: AddressPolicy,
    private readonly credentials: (appId: string) => Promise<OpenedCredentials['apns'] | undefined>,
    private readonly origins: { production: string; development: string },
    private readonly timeoutMs: number,
  ) {}

  async send(target: PushTargetRecord, notification: PushNotification, body: string): Promise<PushOutcome> {
    const key = await this.credentials(target.appId)
    if (!key) return { kind: 'failed', status: null, reason: 'APNs is not configured for this app.' }
    const cacheKey = `${target.appId}\u0000${key.teamId}\u0000${key.keyId}`
    const jwt = await this.tokens.get(cacheKey, () => this.providerToken(key))
    const payload = {
      aps: { alert: { title: notification.title, body }, badge: notification.badge, sound: 'default', 'thread-id': notification.data.conversationId, 'mutable-content': 1 },
      warbler: notification.data,
    }
    const answer = await this.session(key.environment).request({
      method: 'POST',
      path: `/3/device/${target.address}`,
      headers: {
        authorization: `bearer ${jwt}`,
        'apns-topic': key.bundleId,
        'apns-push-type': 'alert',
        'apns-priority': '10',
        'apns-expiration': String(Math.floor(Date.now() / 1000) + notification.ttlSeconds),
        'apns-collapse-id': notification.collapseKey.slice(0, 64),
        'content-type': 'application/json',
      },
      body: JSON.stringify(payload),
    })
    if (answer.status === 200) return { kind: 'sent', status: 200 }
    const reason = readReason(answer.body)
    if (answer.status === 410 || GONE_REASONS.has(reason)) return { kind: 'gone', status: answer.status, reason: reason || 'Unregistered' }
    if (answer.status === 403 && reason === 'ExpiredProviderToken') {
      this.tokens.forget(cacheKey)
      return { kind: 'retry', status: 403, reason, retryAfterMs: 0 }
    }
    return outcomeOfStatus(answer.status, reason || `HTTP ${answer.status}`, answer.headers['retry-after'])
  }

  close(): void {
    for (const session of this.sessions.values()) session.close()
    this.sessions.clear()
  }

  private session(environment: 'production' | 'development'): GuardedHttp2Session {
    let session = this.sessions.get(environment)
    if (!session) {
      session = new GuardedHttp2Session(this.origins[environment], { policy: this.policy, timeoutMs: this.timeoutMs })
      this.sessions.set(environment, session)
    }
    return session
  }

  private async providerToken(key: OpenedCredentials['apns']) {
    const signingKey = await importPKCS8(key.signingKey, 'ES256')
    const token = await new SignJWT({}).setProtectedHeader({ alg: 'ES256', kid: key.keyId }).setIssuer(key.teamId).setIssuedAt().sign(signingKey)
    return { token, expiresAt: Date.now() + 50 * 60_000 }
  }
}

function readReason(body: string): string {
  try {
    return String((JSON.parse(body) as { reason?: unknown }).reason ?? '')
  } catch {
    return ''
  }
}
