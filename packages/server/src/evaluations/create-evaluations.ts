import type { KnowledgeService } from '@warbler/ai'
import type { BotService } from '../bots/bot-service.js'
import type { DomainEvents } from '../domain/domain-events.js'
import type { Logger } from '../observability/logger.js'
import type { BotRecord } from '../storage/bot-store.js'
import type { EvaluationStore } from '../storage/evaluation-store.js'
import type { Storage } from '../storage/storage.js'
import type { WebhookService } from '../webhooks/webhook-service.js'
import { recordDeclines } from './decline-recorder.js'
import { EvalRunService } from './eval-run-service.js'
import { EvalRunWorker, type EvalWorkerOptions } from './eval-run-worker.js'
import { EvalSetService } from './eval-set-service.js'
import { EvalSettingsStore } from './eval-settings.js'
import { FeedbackService } from './feedback-service.js'
import { KnowledgeGaps } from './knowledge-gaps.js'
import { VariantService } from './variant-service.js'

/** Options of the evaluations module (tests shorten the worker's timings). */
export interface EvaluationOptions {
  worker?: EvalWorkerOptions
}

/** Quality: feedback, eval sets and runs (and their worker), A/B variants, knowledge gaps. */
export interface EvaluationsModule {
  store: EvaluationStore
  feedback: FeedbackService
  sets: EvalSetService
  runs: EvalRunService
  worker: EvalRunWorker
  variants: VariantService
  gaps: KnowledgeGaps
  settings: EvalSettingsStore
  /** Starts the run worker and the decline recorder; resolves a function that stops them. */
  start(): () => Promise<void>
}

/**
 * Builds the evaluations module over the node's storage, bots and knowledge; undefined when the
 * storage has no evaluation store (test doubles).
 *
 * @example
 * ```ts
 * const evaluations = createEvaluations({ storage, bots, knowledge, webhooks, domainEvents, logger, nodeId })
 * const stop = evaluations?.start()
 * ```
 */
export function createEvaluations(
  deps: { storage: Storage; bots: BotService; knowledge: KnowledgeService; webhooks: WebhookService; domainEvents: DomainEvents; logger: Logger; nodeId: string },
  options: EvaluationOptions = {},
): EvaluationsModule | undefined {
  const store = deps.storage.evaluations
  if (!store) return undefined
  const now = () => Date.now()
  const logger = deps.logger.child({ component: 'evaluations' })
  const bot = async (appId: string, botId: string): Promise<BotRecord | undefined> => (await deps.bots.botsOf(appId)).find((record) => record.id === botId) ?? (await deps.bots.list(appId)).find((record) => record.id === botId)
  const isBot = async (appId: string, userId: string) => (await deps.bots.botsOf(appId)).some((record) => record.id === userId)
  const requireKnowledgeBase = (appId: string, knowledgeBaseId: string) => deps.knowledge.getKnowledgeBase(appId, knowledgeBaseId)
  const settings = new EvalSettingsStore(deps.storage.settings)
  const worker = new EvalRunWorker({ store, knowledge: deps.knowledge, bot, model: (record) => deps.bots.model(record), quotas: deps.bots.quotas, settings, logger, nodeId: deps.nodeId, now }, options.worker)
  return {
    store,
    settings,
    worker,
    feedback: new FeedbackService({ storage: deps.storage, store, isBot, emit: (appId, type, data) => deps.webhooks.emit(appId, type, data), now }),
    sets: new EvalSetService({ store, storage: deps.storage, isBot, now }),
    runs: new EvalRunService({ store, settings, bot, requireKnowledgeBase, queued: () => worker.kick(), now }),
    variants: new VariantService({ store, storage: deps.storage, bot, requireKnowledgeBase, now }),
    gaps: new KnowledgeGaps({ store, knowledge: deps.knowledge, now }),
    start() {
      const detach = recordDeclines({ domainEvents: deps.domainEvents, storage: deps.storage, store, isBot, logger, now })
      worker.start()
      return async () => {
        detach()
        await worker.stop()
      }
    },
  }
}
