import type { Logger } from '../observability/logger.js'
import type { Storage } from '../storage/storage.js'
import type { WebhookRecord } from '../storage/webhook-store.js'
import { BeforeSendHook } from './before-send-hook.js'
import { AddressPolicy } from '@warbler/ai/net'
import { WebhookDispatcher } from './webhook-dispatcher.js'
import { WebhookService } from './webhook-service.js'
import type { WebhookSettings } from './webhook-settings.js'

/**
 * Builds the webhook side of a node: the SSRF guard, the outbox dispatcher (not started), the
 * before-send hook and the service the REST routes use. `listWebhooks` (default: storage) is how the
 * dispatcher reads an app's webhooks on every event; the server passes its cached read.
 *
 * @example
 * ```ts
 * const webhooks = createWebhooks(storage, loadWebhookSettings(), logger)
 * webhooks.dispatcher.start()
 * ```
 */
export function createWebhooks(storage: Storage, settings: WebhookSettings, logger: Logger, listWebhooks?: (appId: string) => Promise<WebhookRecord[]>): WebhookService {
  const guard = new AddressPolicy(settings.outboundAllowlist)
  const child = logger.child({ component: 'webhooks' })
  const dispatcher = new WebhookDispatcher(storage, guard, settings, child, listWebhooks)
  const beforeSend = new BeforeSendHook(storage, guard, child)
  return new WebhookService(storage, guard, dispatcher, beforeSend)
}
