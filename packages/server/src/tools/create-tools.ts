import type { AddressPolicy, LanguageModel } from '@warbler/ai'
import { HttpToolExecutor } from '@warbler/ai/tools'
import type { AppBoxes } from '../compliance/keys/app-keyring.js'
import type { MessageService } from '../domain/message-service.js'
import type { Logger } from '../observability/logger.js'
import type { BotRecord } from '../storage/bot-store.js'
import type { ToolStore } from '../storage/tool-store.js'
import { BotTools } from './bot-tools.js'
import { IdentityKeys } from './identity-keys.js'
import { McpConnections } from './mcp-connections.js'
import { ToolRunner } from './tool-runner.js'
import { ToolService } from './tool-service.js'

/** The tool services of one node. */
export interface Tools {
  service: ToolService
  bot: BotTools
  keys: IdentityKeys
  /** Closes live MCP connections. */
  stop(): Promise<void>
}

/** Options of the tool services (tests shorten the approval window). */
export interface ToolOptions {
  /** How long a write call waits for the user's yes, in ms (default `WARBLER_TOOL_APPROVAL_TTL_SECONDS`, else 10 minutes). */
  approvalTtlMs?: number
  /** Response cap for HTTP tools, in bytes (default 1 MB). */
  maxResponseBytes?: number
}

/** `WARBLER_TOOL_APPROVAL_TTL_SECONDS`: how long a write call waits for the user's yes (1 s to 24 h), in ms. */
export function approvalTtlFromEnv(env: NodeJS.ProcessEnv): number | undefined {
  const raw = env.WARBLER_TOOL_APPROVAL_TTL_SECONDS?.trim()
  if (!raw) return undefined
  const seconds = Number(raw)
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 86_400) throw new Error('WARBLER_TOOL_APPROVAL_TTL_SECONDS must be a whole number of seconds from 1 to 86400.')
  return seconds * 1000
}

/** Builds the tool services over the tool store, the secret box and the outbound policy. */
export function createTools(deps: {
  store: ToolStore
  /** Each app's secret box (its data key). */
  boxes: AppBoxes
  policy: AddressPolicy
  messages: MessageService
  modelOf: (bot: BotRecord) => LanguageModel | undefined
  botOf: (appId: string, botId: string) => Promise<BotRecord | undefined>
  logger: Logger
  options?: ToolOptions
  now?: () => number
}): Tools {
  const now = deps.now ?? Date.now
  const approvalTtlMs = deps.options?.approvalTtlMs ?? approvalTtlFromEnv(process.env)
  const logger = deps.logger.child({ component: 'tools' })
  const keys = new IdentityKeys(deps.store, deps.boxes, now)
  let service: ToolService | undefined
  const mcp = new McpConnections(deps.policy, (target, listed) => {
    service?.refreshMcpTools(target, listed).catch((error: unknown) => logger.warn({ err: error, appId: target.appId }, 'refreshing MCP tools failed'))
  }, logger)
  service = new ToolService({ store: deps.store, boxes: deps.boxes, mcp, logger, now })
  const http = new HttpToolExecutor({ policy: deps.policy, ...(deps.options?.maxResponseBytes ? { maxResponseBytes: deps.options.maxResponseBytes } : {}) })
  const runner = new ToolRunner({ store: deps.store, boxes: deps.boxes, keys, http, mcp, logger, now })
  const bot = new BotTools({
    store: deps.store,
    runner,
    messages: deps.messages,
    modelOf: deps.modelOf,
    botOf: deps.botOf,
    logger,
    now,
    ...(approvalTtlMs !== undefined ? { approvalTtlMs } : {}),
  })
  return { service, bot, keys, stop: () => mcp.closeAll() }
}
