import { createHash } from 'node:crypto'
import type { GuardedFetch } from '@warbler/ai/net'
import webpush from 'web-push'
import type { PushTargetRecord } from '../../storage/push-store.js'
import type { PushNotification } from '../notification.js'
import type { OpenedCredentials } from '../provider-credentials.js'
import { outcomeOfStatus, type PushOutcome, type PushProviderClient } from './push-provider.js'

/**
 * Web Push (RFC 8030) with message encryption (RFC 8291, `aes128gcm`) and VAPID (RFC 8292). The
 * `web-push` library encrypts and signs; the request itself goes out on the guarded client, so a
 * subscription endpoint on an internal address is refused like any other outbound URL.
 */
export class WebPushProvider implements PushProviderClient {
  readonly provider = 'webpush' as const

  constructor(
    private readonly fetch: GuardedFetch,
    private readonly credentials: (appId: string) => Promise<OpenedCredentials['webpush'] | undefined>,
  ) {}

  async send(target: PushTargetRecord, notification: PushNotification, body: string): Promise<PushOutcome> {
    const vapid = await this.credentials(target.appId)
    if (!vapid) return { kind: 'failed', status: null, reason: 'Web Push has no VAPID keys for this app.' }
    const subscription = JSON.parse(target.address) as webpush.PushSubscription
    const payload = JSON.stringify({ title: notification.title, body, badge: notification.badge, data: notification.data, tag: notification.collapseKey })
    const details = webpush.generateRequestDetails(subscription, payload, {
      vapidDetails: { subject: vapid.subject, publicKey: vapid.publicKey, privateKey: vapid.privateKey },
      TTL: notification.ttlSeconds,
      // A newer push with the same topic replaces an undelivered one at the push service (≤ 32 base64url characters).
      topic: createHash('sha256').update(notification.collapseKey).digest('base64url').slice(0, 32),
      urgency: 'high',
      contentEncoding: 'aes128gcm',
    })
    const response = await this.fetch(details.endpoint, { method: 'POST', headers: details.headers as Record<string, string>, body: details.body as Buffer, redirect: 'error' })
    const text = (await response.text()).slice(0, 200)
    return outcomeOfStatus(response.status, text || `HTTP ${response.status}`, response.headers.get('retry-after'))
  }

  close(): void {}
}
