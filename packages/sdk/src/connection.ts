import {
  WarblerError,
  isErrorCode,
  type ClientFrame,
  type ErrorCode,
  type ServerFrame,
  type WelcomeFrame,
} from '@warbler/protocol'
import { CLOSE_CODES } from '@warbler/protocol/close-codes'
import { CLOSING_CODES } from './stop-codes.js'
import { WEBSOCKET_OPEN, messageText, type WebSocketConstructor, type WebSocketLike } from './websocket.js'

/** Options of {@link Connection}. */
export interface ConnectionOptions {
  /** The `ws(s)://.../ws` address. */
  url: string
  WebSocket: WebSocketConstructor
  token: string
  deviceId?: string
  /** How long the socket may take to open and authenticate. */
  authTimeoutMs: number
  /** Overrides the server's `heartbeatSeconds` (tests). */
  heartbeatSeconds?: number
  /** Every frame after `welcome`. */
  onFrame: (frame: ServerFrame) => void
  /** Called once when an authenticated connection ends, with why. */
  onClose: (reason: WarblerError) => void
}

const CLOSE_CODE_ERRORS: Record<number, ErrorCode> = {
  [CLOSE_CODES.goingAway]: 'server_shutting_down',
  [CLOSE_CODES.serviceRestart]: 'server_shutting_down',
  [CLOSE_CODES.authFailed]: 'invalid_credentials',
  [CLOSE_CODES.authTimeout]: 'auth_timeout',
  [CLOSE_CODES.tokenRevoked]: 'token_revoked',
  [CLOSE_CODES.tooManyConnections]: 'too_many_connections',
  [CLOSE_CODES.kicked]: 'session_kicked',
}

/**
 * How long a connection may stay silent after the client sent something (a message, a request, a
 * ping) before it counts as dead: halfway through, a `ping` asks whether the server is there.
 * A person notices a dead link when they send, so that is when it is checked quickly.
 */
export const ANSWER_WINDOW_MS = 4000

/**
 * One WebSocket, from opening to close: the auth handshake, the heartbeat, and frame parsing.
 * Heartbeat: a `ping` when nothing came for `heartbeatSeconds`; and whenever the client has sent
 * something, the server must say anything within {@link ANSWER_WINDOW_MS} (a `ping` at half of it),
 * or the connection closes with `timeout` — so a dead link shows within seconds of sending, not
 * after two heartbeat periods. It never reconnects: the client makes a new Connection for each attempt.
 */
export class Connection {
  #socket: WebSocketLike | undefined
  #welcome: WelcomeFrame | undefined
  #closed = false
  #lastTraffic = 0
  #lastPing = 0
  /** When the client sent something that nothing has come back since (undefined: nothing owed). */
  #awaitingSince: number | undefined
  #heartbeat: ReturnType<typeof setInterval> | undefined
  /** The error frame the server sent just before closing, which explains the close better than the code. */
  #lastError: WarblerError | undefined

  constructor(private readonly options: ConnectionOptions) {}

  /** The server's welcome, once authenticated. */
  get welcome(): WelcomeFrame | undefined {
    return this.#welcome
  }

  /** Whether frames can be sent. */
  get isOpen(): boolean {
    return !this.#closed && this.#welcome !== undefined && this.#socket?.readyState === WEBSOCKET_OPEN
  }

  /**
   * Opens the socket and authenticates. Resolves with the welcome; rejects with a WarblerError
   * carrying the server's code (`token_expired`, `invalid_credentials`, ...) or `connection_closed`.
   */
  open(): Promise<WelcomeFrame> {
    return new Promise<WelcomeFrame>((resolve, reject) => {
      let settled = false
      const fail = (error: WarblerError) => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        this.#teardown()
        reject(error)
      }
      const timer = setTimeout(
        () => fail(new WarblerError('timeout', 'The server did not answer the handshake in time.')),
        this.options.authTimeoutMs,
      )
      let socket: WebSocketLike
      try {
        socket = new this.options.WebSocket(this.options.url)
      } catch (cause) {
        fail(new WarblerError('connection_closed', `Cannot open ${this.options.url}.`, { cause }))
        return
      }
      this.#socket = socket
      socket.onopen = () => {
        this.#sendRaw({
          type: 'auth',
          id: 'auth',
          token: this.options.token,
          ...(this.options.deviceId ? { deviceId: this.options.deviceId } : {}),
        })
      }
      socket.onerror = () => {
        // The close event follows with the details; nothing to do here.
      }
      socket.onclose = (event) => {
        const error = this.#closeError(event.code, event.reason)
        if (!settled) fail(error)
        else this.#finish(error)
      }
      socket.onmessage = (event) => {
        const frame = parseFrame(messageText(event.data))
        if (!frame) return
        this.#lastTraffic = Date.now()
        this.#awaitingSince = undefined
        if (settled) {
          this.#handle(frame)
          return
        }
        if (frame.type === 'welcome') {
          settled = true
          clearTimeout(timer)
          this.#welcome = frame
          this.#startHeartbeat(this.options.heartbeatSeconds ?? frame.heartbeatSeconds)
          resolve(frame)
        } else if (frame.type === 'error') {
          fail(WarblerError.fromBody(frame))
        } else if (frame.type === 'reconnect') {
          fail(WarblerError.fromBody(frame))
        }
      }
    })
  }

  /** Sends a frame; returns false when the socket is not open (the frame is dropped). */
  send(frame: ClientFrame): boolean {
    if (!this.isOpen) return false
    return this.#sendRaw(frame)
  }

  /** Closes the connection; `onClose` is called with `reason`. */
  close(reason: WarblerError = new WarblerError('client_closed')): void {
    this.#finish(reason)
  }

  #handle(frame: ServerFrame): void {
    if (frame.type === 'pong') return
    if (frame.type === 'error' && frame.id === undefined && CLOSING_CODES.has(frame.code)) {
      // The server explains a close it is about to make; the close code alone says less.
      this.#lastError = WarblerError.fromBody(frame)
    }
    if (frame.type === 'reconnect') {
      this.#finish(WarblerError.fromBody(frame))
      return
    }
    this.options.onFrame(frame)
  }

  #sendRaw(frame: ClientFrame): boolean {
    try {
      this.#socket?.send(JSON.stringify(frame))
      if (this.#heartbeat && this.#awaitingSince === undefined) this.#awaitingSince = Date.now()
      return true
    } catch {
      return false
    }
  }

  #startHeartbeat(heartbeatSeconds: number): void {
    const idleMs = heartbeatSeconds * 1000
    const answerWindowMs = Math.min(ANSWER_WINDOW_MS, 2 * idleMs)
    const periodMs = Math.max(50, Math.min(idleMs / 4, answerWindowMs / 8))
    this.#lastTraffic = Date.now()
    this.#awaitingSince = undefined
    this.#heartbeat = setInterval(() => {
      const now = Date.now()
      const silent = now - this.#lastTraffic
      const waited = this.#awaitingSince === undefined ? 0 : now - this.#awaitingSince
      if (waited >= answerWindowMs || silent >= 2 * idleMs) {
        this.#finish(new WarblerError('timeout', 'The server stopped answering.'))
      } else if (this.#awaitingSince !== undefined && waited >= answerWindowMs / 2 && this.#lastPing < this.#awaitingSince) {
        this.#ping(now)
      } else if (silent >= idleMs && now - this.#lastPing >= idleMs) {
        this.#ping(now)
      }
    }, periodMs)
  }

  #ping(now: number): void {
    this.#lastPing = now
    this.#sendRaw({ type: 'ping' })
  }

  #closeError(code: number, reason: string): WarblerError {
    if (this.#lastError) return this.#lastError
    const mapped = CLOSE_CODE_ERRORS[code]
    if (mapped) return new WarblerError(mapped, reason || undefined)
    if (isErrorCode(reason)) return new WarblerError(reason)
    return new WarblerError('connection_closed', `The connection closed (${code}${reason ? `: ${reason}` : ''}).`)
  }

  #finish(reason: WarblerError): void {
    if (this.#closed) return
    const wasOpen = this.#welcome !== undefined
    this.#teardown()
    if (wasOpen) this.options.onClose(reason)
  }

  #teardown(): void {
    this.#closed = true
    if (this.#heartbeat) clearInterval(this.#heartbeat)
    this.#heartbeat = undefined
    const socket = this.#socket
    if (!socket) return
    socket.onopen = null
    socket.onmessage = null
    socket.onclose = null
    socket.onerror = () => {}
    try {
      socket.close(CLOSE_CODES.normal)
    } catch {
      // Closing a socket that never opened may throw in some implementations.
    }
  }
}

function parseFrame(text: string): ServerFrame | undefined {
  try {
    const value: unknown = JSON.parse(text)
    if (typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string') {
      return value as ServerFrame
    }
  } catch {
    // A frame that is not JSON is ignored: the protocol has nothing to say about it.
  }
  return undefined
}
