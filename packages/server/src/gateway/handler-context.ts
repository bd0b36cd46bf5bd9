import type { ClientFrame } from '@warbler/protocol'
import type { UserTokens } from '../auth/user-tokens.js'
import type { ConversationService } from '../domain/conversation-service.js'
import type { MessageService } from '../domain/message-service.js'
import type { Logger } from '../observability/logger.js'
import type { Metrics } from '../observability/metrics.js'
import type { Session } from './session.js'
import type { SessionRegistry } from './session-registry.js'

/** Limits the gateway enforces per connection. */
export interface GatewayLimits {
  maxFrameBytes: number
  maxTextLength: number
  sendsPerSecond: number
  sendBurst: number
  connectionsPerUser: number
  authTimeoutSeconds: number
  heartbeatSeconds: number
}

/** What every frame handler may use. */
export interface HandlerContext {
  session: Session
  tokens: UserTokens
  conversations: ConversationService
  messages: MessageService
  registry: SessionRegistry
  metrics: Metrics
  logger: Logger
  limits: GatewayLimits
  /** `performance.now()` when the frame arrived. */
  receivedAt: number
}

/** Handles one validated frame of one type. Thrown WarblerErrors become error frames. */
export type FrameHandler<T extends ClientFrame['type']> = (context: HandlerContext, frame: Extract<ClientFrame, { type: T }>) => Promise<void>

/** The user of an authenticated session (handlers other than auth run only after authentication). */
export function identity(context: HandlerContext): { appId: string; userId: string } {
  return { appId: context.session.appId!, userId: context.session.userId! }
}
