import type { IncomingMessage, Server } from 'node:http'
import type { Duplex } from 'node:stream'
import { CLOSE_CODES, WarblerError } from '@warbler/protocol'
import { WebSocketServer, type RawData, type WebSocket } from 'ws'
import { newId } from '../domain/ids.js'
import { decodeFrame, frameIdsOf } from './frame-decoder.js'
import type { HandlerContext } from './handler-context.js'
import { FRAME_HANDLERS } from './handlers/index.js'
import { checkVisitorFrame } from '../widget/visitor-gate.js'
import { Session } from './session.js'
import { SessionRegistry } from './session-registry.js'
import { sourceAddress } from '../auth/source-address.js'

/** What the gateway needs from the rest of the server. */
export type GatewayDependencies = Omit<HandlerContext, 'session' | 'registry'>

/**
 * The WebSocket gateway at `/ws`: connection lifecycle (auth handshake and timeout, heartbeats,
 * limits, graceful shutdown) and dispatch of each frame to its handler.
 */
export class Gateway {
  readonly registry = new SessionRegistry()
  private readonly wss: WebSocketServer
  private readonly sockets = new Set<Session>()
  private heartbeat?: NodeJS.Timeout
  private shuttingDown = false
  private inFlight = 0
  private idle?: () => void

  constructor(private readonly deps: GatewayDependencies) {
    this.wss = new WebSocketServer({ noServer: true, maxPayload: deps.limits.maxFrameBytes, perMessageDeflate: false })
  }

  /** Attaches to an HTTP server's upgrade requests on `/ws` and starts heartbeats and fan-out. */
  async attach(server: Server): Promise<void> {
    server.on('upgrade', (request, socket, head) => this.upgrade(request, socket, head))
    await this.deps.fanout.start((appId, recipients, frameText) => this.registry.deliver(appId, recipients, frameText))
    this.heartbeat = setInterval(() => this.beat(), this.deps.limits.heartbeatSeconds * 1000)
    this.heartbeat.unref()
  }

  /** Number of open connections, authenticated or not. */
  get connectionCount(): number {
    return this.sockets.size
  }

  private upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const path = (request.url ?? '').split('?')[0]
    if (path !== '/ws') {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
      return
    }
    if (this.shuttingDown) {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nRetry-After: 1\r\nContent-Length: 0\r\n\r\n')
      return
    }
    this.wss.handleUpgrade(request, socket, head, (ws) => this.accept(ws, request))
  }

  private accept(ws: WebSocket, request: IncomingMessage): void {
    const { limits, metrics, logger } = this.deps
    const session = new Session(newId('s'), ws, sourceAddress(request, this.deps.config.trustProxy), limits, () => metrics.framesOut.inc())
    // One handler context per connection, not a copy of every service per frame.
    const context: HandlerContext = { ...this.deps, session, registry: this.registry }
    this.sockets.add(session)
    const authTimer = setTimeout(() => {
      if (!session.authenticated) session.fail('auth_timeout', 'Send an auth frame first.', { close: CLOSE_CODES.authTimeout })
    }, limits.authTimeoutSeconds * 1000)
    authTimer.unref()

    ws.on('pong', () => {
      session.alive = true
    })
    ws.on('message', (data, isBinary) => {
      session.alive = true
      void this.onFrame(context, data, isBinary)
    })
    ws.on('error', (error) => {
      // Oversized frames and protocol violations end here; ws closes the socket itself.
      logger.debug({ sessionId: session.id, err: error.message }, 'websocket error')
    })
    ws.on('close', () => {
      clearTimeout(authTimer)
      this.sockets.delete(session)
      if (session.authenticated) {
        this.registry.remove(session)
        metrics.connections.dec()
        this.deps.presence.disconnected(session).catch((error: unknown) => logger.warn({ err: error }, 'presence update failed'))
      }
    })
  }

  private async onFrame(context: HandlerContext, data: RawData, isBinary: boolean): Promise<void> {
    const receivedAt = performance.now()
    const { session } = context
    this.inFlight++
    let ids: { id?: string; clientMsgId?: string } = {}
    try {
      if (isBinary) throw new WarblerError('malformed_frame', 'Binary frames are not supported; send JSON text.')
      const frame = decodeFrame(data.toString())
      ids = { ...(typeof (frame as { id?: string }).id === 'string' ? { id: (frame as { id: string }).id } : {}) }
      if ('clientMsgId' in frame) ids.clientMsgId = frame.clientMsgId
      this.deps.metrics.framesIn.inc({ type: frame.type })
      if (!session.authenticated && frame.type !== 'auth') throw new WarblerError('not_authenticated')
      await checkVisitorFrame(this.deps.apps, session.appId, session.userId, frame)
      const handler = FRAME_HANDLERS[frame.type] as (context: HandlerContext, value: typeof frame, receivedAt: number) => Promise<void>
      await handler(context, frame, receivedAt)
    } catch (error) {
      const refusal = WarblerError.isInstance(error) ? error : undefined
      if (!refusal) this.deps.logger.error({ err: error, sessionId: session.id }, 'frame handler failed')
      const code = refusal?.code ?? 'internal'
      if (refusal && Object.keys(ids).length === 0) ids = frameIdsOf(refusal)
      this.deps.metrics.frameErrors.inc({ code })
      session.fail(code, refusal?.message ?? 'Something went wrong on the server.', ids)
    } finally {
      this.inFlight--
      if (this.inFlight === 0) this.idle?.()
    }
  }

  private beat(): void {
    this.deps.presence.refresh(this.registry.all()).catch((error: unknown) => this.deps.logger.warn({ err: error }, 'presence refresh failed'))
    for (const session of this.sockets) {
      if (!session.alive) {
        session.socket.terminate()
        continue
      }
      session.alive = false
      session.socket.ping()
    }
  }

  /**
   * Graceful shutdown: refuses new connections, lets frames in flight finish (their acks are
   * written), then tells every client to reconnect and closes with 1012 (service restart).
   */
  async shutdown(timeoutMs = 5000): Promise<void> {
    this.shuttingDown = true
    clearInterval(this.heartbeat)
    if (this.inFlight > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs)
        this.idle = () => {
          clearTimeout(timer)
          resolve()
        }
      })
    }
    for (const session of this.sockets) {
      session.sendFrame({ type: 'reconnect', code: 'server_shutting_down', message: 'The server is restarting; reconnect.' })
      session.socket.close(CLOSE_CODES.serviceRestart, 'server_shutting_down')
    }
    await this.deps.fanout.stop()
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        for (const session of this.sockets) session.socket.terminate()
        resolve()
      }, 1000)
      timer.unref()
      this.wss.close(() => {
        clearTimeout(timer)
        resolve()
      })
    })
  }
}
