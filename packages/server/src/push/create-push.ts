import { AddressPolicy, createGuardedFetch } from '@warbler/ai/net'
import type { AppBoxes } from '../compliance/keys/app-keyring.js'
import { openAppBoxes } from '../compliance/keys/open-app-keyring.js'
import type { AppService } from '../domain/app-service.js'
import type { DomainEvents } from '../domain/domain-events.js'
import type { PresenceService } from '../gateway/presence.js'
import type { Logger } from '../observability/logger.js'
import type { Metrics } from '../observability/metrics.js'
import type { ReadCaches } from '../read-cache/read-caches.js'
import type { Storage } from '../storage/storage.js'
import { ApnsProvider } from './providers/apns-provider.js'
import { FcmProvider } from './providers/fcm-provider.js'
import { HmsProvider } from './providers/hms-provider.js'
import type { PushProviderClient } from './providers/push-provider.js'
import { WebPushProvider } from './providers/web-push-provider.js'
import { loadPushDeliverySettings, type PushDeliverySettings } from './push-delivery-settings.js'
import { PushDispatcher } from './push-dispatcher.js'
import { createPushMetrics } from './push-metrics.js'
import { PushPlanner } from './push-planner.js'
import { PushService } from './push-service.js'

/** Push notifications as the server holds them. */
export interface PushModule {
  service: PushService
  planner: PushPlanner
  dispatcher: PushDispatcher
  /** Listens to stored messages and starts the dispatcher; returns a function that stops both. */
  start(): () => Promise<void>
}

/** What push needs from the server. */
export interface PushDependencies {
  storage: Storage
  caches: ReadCaches
  apps: AppService
  presence: PresenceService
  domainEvents: DomainEvents
  metrics: Metrics
  logger: Logger
  dataDir: string
  /** Each app's secret box (the node's keyring); opened over the storage when absent. */
  boxes?: AppBoxes
  /** Internal addresses outbound requests may reach (`WARBLER_OUTBOUND_ALLOWLIST`). */
  outboundAllowlist: readonly string[]
}

/**
 * Builds push for a node: the service (devices, preferences, sealed credentials), the planner that
 * turns stored messages into jobs, and the outbox dispatcher with the four providers, all on the
 * one guarded outbound client.
 *
 * @example
 * ```ts
 * const push = createPush({ storage, caches, apps, presence, domainEvents, metrics, logger, dataDir, outboundAllowlist: [] })
 * const stop = push.start()
 * ```
 */
export function createPush(deps: PushDependencies, overrides: Partial<PushDeliverySettings> = {}): PushModule {
  const settings = loadPushDeliverySettings(process.env, overrides)
  const logger = deps.logger.child({ component: 'push' })
  const service = new PushService(deps.storage, deps.boxes ?? openAppBoxes({ storage: deps.storage, dataDir: deps.dataDir }), settings.vapidSubject)
  const policy = new AddressPolicy([...deps.outboundAllowlist])
  const fetch = createGuardedFetch({ policy, timeoutMs: settings.attemptTimeoutMs, maxResponseBytes: 64 * 1024 })
  const providers = new Map<string, PushProviderClient>([
    ['webpush', new WebPushProvider(fetch, (appId) => service.credentials(appId, 'webpush'))],
    ['fcm', new FcmProvider(fetch, (appId) => service.credentials(appId, 'fcm'), settings.fcmUrl)],
    ['apns', new ApnsProvider(policy, (appId) => service.credentials(appId, 'apns'), { production: settings.apnsProductionUrl, development: settings.apnsDevelopmentUrl }, settings.attemptTimeoutMs)],
    ['hms', new HmsProvider(fetch, (appId) => service.credentials(appId, 'hms'), { api: settings.hmsUrl, token: settings.hmsTokenUrl })],
  ])
  const metrics = createPushMetrics(deps.metrics.registry)
  const dispatcher = new PushDispatcher(deps.storage, deps.presence, providers, settings, metrics, logger)
  const planner = new PushPlanner(
    { storage: deps.storage, caches: deps.caches, apps: deps.apps, presence: deps.presence, logger },
    (delayMs) => dispatcher.kick(delayMs),
    (reason) => metrics.skipped.inc({ reason }),
  )
  service.onTargetsChanged = (appId) => planner.targetsChanged(appId)
  const failed = (error: unknown) => logger.error({ err: error }, 'push not planned')
  return {
    service,
    planner,
    dispatcher,
    start() {
      const offCreated = deps.domainEvents.on('message.created', ({ appId, event }) => void planner.messageCreated(appId, event).catch(failed))
      const offEdited = deps.domainEvents.on('message.edited', ({ appId, event }) => void planner.messageEdited(appId, event).catch(failed))
      dispatcher.start()
      return async () => {
        offCreated()
        offEdited()
        await dispatcher.stop()
      }
    },
  }
}
