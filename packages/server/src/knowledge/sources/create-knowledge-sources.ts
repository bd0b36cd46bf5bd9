import { AddressPolicy, DEFAULT_DOCUMENT_LIMITS, SyncedDocuments, type DocumentLimits, type EmbeddingModel, type KnowledgeService } from '@warbler/ai'
import type { AppBoxes } from '../../compliance/keys/app-keyring.js'
import type { Bus } from '../../bus/bus.js'
import { createLeases, type Leases } from '../../cluster/leases.js'
import type { ServerConfig } from '../../config/config.js'
import { embeddingModelFromEnvironment } from '../open-knowledge.js'
import type { RouteSpec } from '../../http/route.js'
import type { Logger } from '../../observability/logger.js'
import type { Storage } from '../../storage/storage.js'
import { systemClock, type Clock } from '../../support/clock.js'
import type { WebhookDispatcher } from '../../webhooks/webhook-dispatcher.js'
import type { Registry } from 'prom-client'
import { createSourceMetrics } from './source-metrics.js'
import { SourceScheduler, type SourceSchedulerOptions } from './source-scheduler.js'
import { knowledgeSourceRoutes } from './source-routes.js'
import { KnowledgeSourceService } from './source-service.js'

/** Knowledge sources of one node: the service, its routes, the scheduler on the lease. */
export interface KnowledgeSources {
  service: KnowledgeSourceService
  scheduler: SourceScheduler
  routes: RouteSpec[]
  start(): void
  stop(): Promise<void>
}

/**
 * Builds knowledge sources over the storage's knowledge-source store, or answers undefined when
 * the storage has none (test doubles).
 *
 * @example
 * ```ts
 * const sources = createKnowledgeSources({ storage, knowledge, leases, webhooks, logger, boxes, outboundAllowlist })
 * sources?.start()
 * ```
 */
export function createKnowledgeSources(deps: {
  storage: Storage
  knowledge: KnowledgeService
  leases: Leases
  webhooks: Pick<WebhookDispatcher, 'emit'>
  logger: Logger
  /** Seals and opens source secrets: each app's box (its data key; it still opens what the server key sealed before). */
  boxes: AppBoxes
  outboundAllowlist: string[]
  embeddingModel?: EmbeddingModel
  limits?: Partial<DocumentLimits>
  clock?: Clock
  options?: SourceSchedulerOptions
  /** The node's metrics registry (sync runs, items, requests). */
  registry?: Registry
}): KnowledgeSources | undefined {
  const store = deps.storage.knowledgeSources
  if (!store) return undefined
  const clock = deps.clock ?? systemClock
  const logger = deps.logger.child({ component: 'knowledge-sources' })
  const documents = new SyncedDocuments({
    store: deps.knowledge.store,
    limits: { ...DEFAULT_DOCUMENT_LIMITS, ...deps.limits },
    ...(deps.embeddingModel ? { embeddingModel: deps.embeddingModel } : {}),
  })
  const scheduler = new SourceScheduler(
    {
      store, knowledge: deps.knowledge, documents, clock, logger, leases: deps.leases,
      policy: new AddressPolicy(deps.outboundAllowlist),
      openSecret: async (appId, sealed) => (await deps.boxes.box(appId)).decrypt(sealed),
      emit: (appId, data) => deps.webhooks.emit(appId, 'knowledge.source_synced', data),
      ...(deps.registry ? { metrics: createSourceMetrics(deps.registry) } : {}),
    },
    deps.options,
  )
  const service = new KnowledgeSourceService({ store, knowledge: deps.knowledge, documents, scheduler, clock, seal: async (appId, secret) => (await deps.boxes.box(appId)).encrypt(secret) })
  return { service, scheduler, routes: knowledgeSourceRoutes(service), start: () => scheduler.start(), stop: () => scheduler.stop() }
}

/**
 * Knowledge sources as a node starts them: leases on the node's bus, tokens sealed with each
 * app's data key (as bot provider keys are), the embedding model and document limits of
 * the knowledge service's configuration.
 */
export function openKnowledgeSources(deps: {
  storage: Storage
  knowledge: KnowledgeService
  bus: Bus
  webhooks: Pick<WebhookDispatcher, 'emit'>
  logger: Logger
  boxes: AppBoxes
  outboundAllowlist: string[]
  limits?: ServerConfig['knowledge']
  options?: SourceSchedulerOptions
  registry?: Registry
}): KnowledgeSources | undefined {
  const embeddingModel = embeddingModelFromEnvironment()
  const limits = deps.limits ? { maxTextChars: deps.limits.maxTextChars, maxChunks: deps.limits.maxChunks } : {}
  return createKnowledgeSources({
    storage: deps.storage,
    knowledge: deps.knowledge,
    leases: createLeases(deps.bus),
    webhooks: deps.webhooks,
    logger: deps.logger,
    boxes: deps.boxes,
    outboundAllowlist: deps.outboundAllowlist,
    limits,
    ...(embeddingModel ? { embeddingModel } : {}),
    ...(deps.options ? { options: deps.options } : {}),
    ...(deps.registry ? { registry: deps.registry } : {}),
  })
}
