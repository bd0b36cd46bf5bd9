import type { ClientFrame } from '@warbler/protocol'
import type { ServerContext } from '../server-context.js'
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

/** What every frame handler may use: the server's services plus the connection (built once per connection). */
export type HandlerContext = ServerContext & {
  session: Session
  registry: SessionRegistry
  limits: GatewayLimits
}

/**
 * Handles one validated frame of one type; `receivedAt` is `performance.now()` when it arrived.
 * Thrown WarblerErrors become error frames.
 */
export type FrameHandler<T extends ClientFrame['type']> = (context: HandlerContext, frame: Extract<ClientFrame, { type: T }>, receivedAt: number) => Promise<void>

/** The user of an authenticated session (handlers other than auth run only after authentication). */
export function identity(context: HandlerContext): { appId: string; userId: string } {
  return { appId: context.session.appId!, userId: context.session.userId! }
}

/** Answers a request frame with its result. */
export function respond(context: HandlerContext, id: string, data: unknown): void {
  context.session.sendFrame({ type: 'result', id, data })
}
