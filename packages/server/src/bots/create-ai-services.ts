import { AddressPolicy, type KnowledgeService, type ResilientModelOptions } from '@warbler/ai'
import type { Bus } from '../bus/bus.js'
import type { Fanout } from '../bus/fanout.js'
import { createLeases } from '../cluster/leases.js'
import type { DomainEvents } from '../domain/domain-events.js'
import type { MessageService } from '../domain/message-service.js'
import type { UserService } from '../domain/user-service.js'
import { KnowledgeWorkerLease } from '../knowledge/knowledge-worker-lease.js'
import { openKnowledgeStorage, outboundAllowlist } from '../knowledge/open-knowledge.js'
import type { Logger } from '../observability/logger.js'
import type { ServerConfig } from '../config/config.js'
import type { Storage } from '../storage/storage.js'
import { ActiveReplies } from './active-replies.js'
import { BotRuntime, type BotRuntimeOptions } from './bot-runtime.js'
import { BotService } from './bot-service.js'
import { loadSecretKey, SecretBox } from './secret-box.js'
import type { AppBoxes } from '../compliance/keys/app-keyring.js'
import { openAppBoxes } from '../compliance/keys/open-app-keyring.js'
import { createTools, type ToolOptions, type Tools } from '../tools/create-tools.js'

/** Tunables of the AI services (tests shorten deadlines). */
export interface AiServiceOptions extends BotRuntimeOptions {
  /** Passed to every bot's ResilientModel (timeouts, attempts, backoff). */
  resilience?: Partial<Omit<ResilientModelOptions, 'models'>>
  /** Milliseconds between coalesced `message.delta` frames (default 40). */
  deltaIntervalMs?: number
  /** Internal addresses bot providers may use (default: `WARBLER_OUTBOUND_ALLOWLIST`). */
  outboundAllowlist?: string[]
  /** Tool approvals and limits. */
  tools?: ToolOptions
}

/** Knowledge bases, bots and the bot runtime of one node. */
export interface AiServices {
  knowledge: KnowledgeService
  bots: BotService
  runtime: BotRuntime
  /** Bot tools (when the storage has a tool store). */
  tools?: Tools
  /** Starts the knowledge worker (on the `kb-worker` lease holder) and the bot runtime. */
  start(): Promise<void>
  /** Stops the runtime (streaming replies finalise) and the knowledge worker. */
  stop(): Promise<void>
}

/** Builds the AI services over the node's storage, bus and message service. */
export async function createAiServices(deps: {
  storage: Storage
  dataDir: string
  /** Limits of knowledge documents (`config.knowledge`); defaults when absent. */
  knowledgeLimits?: ServerConfig['knowledge']
  bus: Bus
  fanout: Fanout
  messages: MessageService
  users: UserService
  domainEvents: DomainEvents
  logger: Logger
  /** Each app's secret box (the node's keyring); opened over the storage when absent. */
  boxes?: AppBoxes
  options?: AiServiceOptions
}): Promise<AiServices> {
  const logger = deps.logger.child({ component: 'bots' })
  const { knowledge, botStore, sideDatabase } = await openKnowledgeStorage({ storage: deps.storage, dataDir: deps.dataDir, logger: deps.logger, ...(deps.knowledgeLimits ? { limits: deps.knowledgeLimits } : {}) })
  const leases = createLeases(deps.bus)
  const box = new SecretBox(loadSecretKey(deps.dataDir))
  const boxes = deps.boxes ?? openAppBoxes({ storage: deps.storage, dataDir: deps.dataDir, warn: (message) => deps.logger.warn(message) })
  const { resilience, deltaIntervalMs, outboundAllowlist: allowlist, tools: toolOptions, ...runtimeOptions } = deps.options ?? {}
  const providerPolicy = new AddressPolicy(allowlist ?? outboundAllowlist(process.env))
  let tools: Tools | undefined
  const bots = new BotService({
    store: botStore, users: deps.users, box, boxes, knowledge, providerPolicy, ...(resilience ? { resilience } : {}),
    checkTools: async (appId, toolIds) => tools?.service.requireTools(appId, toolIds),
  })
  const toolStore = deps.storage.tools
  if (toolStore) {
    tools = createTools({
      store: toolStore, boxes, policy: providerPolicy, messages: deps.messages, logger: deps.logger,
      modelOf: (bot) => bots.model(bot), botOf: async (appId, botId) => (await bots.botsOf(appId)).find((bot) => bot.id === botId),
      ...(toolOptions ? { options: toolOptions } : {}),
    })
  }
  const runtime = new BotRuntime(
    {
      storage: deps.storage,
      store: botStore,
      messages: deps.messages,
      fanout: deps.fanout,
      knowledge,
      bots,
      quotas: bots.quotas,
      active: new ActiveReplies(),
      logger,
      deltaIntervalMs: deltaIntervalMs ?? 40,
      ...(tools ? { tools: tools.bot } : {}),
    },
    { domainEvents: deps.domainEvents, bus: deps.bus, leases },
    runtimeOptions,
  )
  const worker = new KnowledgeWorkerLease(knowledge, leases, deps.logger.child({ component: 'knowledge' }))
  return {
    knowledge,
    bots,
    runtime,
    ...(tools ? { tools } : {}),
    async start() {
      await worker.start()
      await runtime.start()
    },
    async stop() {
      await runtime.stop()
      await tools?.stop()
      await worker.stop()
      sideDatabase?.close()
    },
  }
}
