import type { AuthFailureThrottle } from './auth/auth-failure-throttle.js'
import type { KnowledgeService } from '@warbler/ai'
import type { UserTokens } from './auth/user-tokens.js'
import type { BotRuntime } from './bots/bot-runtime.js'
import type { BotService } from './bots/bot-service.js'
import type { Bus } from './bus/bus.js'
import type { Control } from './bus/control.js'
import type { Fanout } from './bus/fanout.js'
import type { ServerConfig } from './config/config.js'
import type { ConsoleService } from './console/console-service.js'
import type { AppService } from './domain/app-service.js'
import type { ConversationService } from './domain/conversation-service.js'
import type { DomainEvents } from './domain/domain-events.js'
import type { GroupService } from './domain/group-service.js'
import type { MessageActions } from './domain/message-actions.js'
import type { MessageService } from './domain/message-service.js'
import type { Notices } from './domain/notices.js'
import type { SocialService } from './domain/social-service.js'
import type { UserService } from './domain/user-service.js'
import type { PresenceService } from './gateway/presence.js'
import type { Logger } from './observability/logger.js'
import type { Metrics } from './observability/metrics.js'
import type { ReadCaches } from './read-cache/read-caches.js'
import type { Storage } from './storage/storage.js'
import type { WebhookService } from './webhooks/webhook-service.js'
import type { FileService } from './files/file-service.js'
import type { Compliance } from './compliance/create-compliance.js'
import type { AppBoxes } from './compliance/keys/app-keyring.js'
import type { Tools } from './tools/create-tools.js'
import type { SupportModule } from './support/create-support.js'
import type { PushModule } from './push/create-push.js'

/** Everything a transport (HTTP routes, the gateway) may use: the services over storage and bus. */
export interface ServerContext {
  config: ServerConfig
  storage: Storage
  /** Each app's secret box: its data key, wrapped by the master key (encryption at rest). */
  boxes?: AppBoxes
  /** Per-node caches of what every send reads (rules, member lists, blocks, webhooks), invalidated cluster-wide. */
  caches: ReadCaches
  bus: Bus
  fanout: Fanout
  control: Control
  apps: AppService
  users: UserService
  tokens: UserTokens
  conversations: ConversationService
  messages: MessageService
  /** Edit, recall, react, delete for me, forward, search. */
  actions: MessageActions
  groups: GroupService
  social: SocialService
  notices: Notices
  presence: PresenceService
  /** In-process announcements of stored changes (webhooks, audit, bots). */
  domainEvents: DomainEvents
  /** This node's id in the cluster. */
  nodeId: string
  metrics: Metrics
  /** Console accounts, sessions and the audit log. */
  console: ConsoleService
  logger: Logger
  /** The operator key in force. */
  operatorKey: string
  /** Refuses source addresses that sent too many wrong credentials (REST and the WebSocket auth frame). */
  authThrottle: AuthFailureThrottle
  /** Webhooks, their outbox dispatcher and the before-send hook. */
  webhooks: WebhookService
  /** Uploads, signed download URLs and thumbnails. */
  files: FileService
  /** Knowledge bases: documents, ingestion, search. */
  knowledge: KnowledgeService
  /** Bots: settings and provider keys (encrypted). */
  bots: BotService
  /** Makes bots answer; `cancel` stops a streaming reply. */
  botRuntime: BotRuntime
  /** Audit chain, erasure, exports, retention. */
  compliance: Compliance
  /** Bot tools: definitions, imports, MCP, approvals, the call audit, identity keys (absent without a tool store). */
  tools?: Tools
  /** Customer service: agents, hand-off and assignment, notes, CSAT, SLA. */
  support: SupportModule
  /** Push notifications: devices, preferences, credentials, the planner and the outbox dispatcher. */
  push: PushModule
}
