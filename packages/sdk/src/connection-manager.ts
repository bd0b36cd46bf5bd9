import {
  WarblerError,
  type ClientFrame,
  type RequestResults,
  type ServerFrame,
  type WelcomeFrame,
} from '@warbler/protocol'
import { inBackground } from './background.js'
import { Backoff } from './backoff.js'
import { CLIENT_DEFAULTS, type WarblerClientOptions } from './client-options.js'
import { Connection } from './connection.js'
import type { TypedEmitter } from './event-emitter.js'
import { RequestManager } from './request-manager.js'
import { STOP_CODES } from './stop-codes.js'
import type { ConnectionState, ConnectionStateChange, WarblerClientEvents } from './types.js'
import { resolveWebSocket, toWebSocketUrl } from './websocket.js'

/** The fields of a request frame besides `type` and `id`. */
export type RequestFrame<K extends keyof RequestResults> = Omit<Extract<ClientFrame, { type: K }>, 'id' | 'type'>

/** What the manager tells the client. */
export interface ConnectionManagerHooks {
  emitter: TypedEmitter<WarblerClientEvents>
  /** Every frame except the answers to requests. */
  onFrame: (frame: ServerFrame) => void
  /** Authenticated, before the state becomes `connected` (the client checks whose store it has). */
  onOpen: (welcome: WelcomeFrame) => Promise<void>
  /** `connected`: catch up. Throwing closes this connection and starts a new one. */
  onConnected: (isCurrent: () => boolean) => Promise<void>
  /** The connection went down (a new one may follow). */
  onLost: () => void
  /** The manager gave up (an unrecoverable error). */
  onStop: (error: WarblerError) => void
}

/**
 * Keeps one authenticated connection up: opens it, reconnects with full-jitter backoff, refreshes
 * the token through `getToken` on `token_expired`, stops on unrecoverable codes, and matches
 * request answers to their requests. Announces every change as `connection-state-change`.
 */
export class ConnectionManager {
  readonly #requests = new RequestManager()
  readonly #backoff: Backoff
  #state: ConnectionState = 'disconnected'
  #connection: Connection | undefined
  #welcome: WelcomeFrame | undefined
  #token: string | undefined
  #wanted = false
  #attempting = false
  #tokenRefreshes = 0
  #reconnectTimer: ReturnType<typeof setTimeout> | undefined
  #stopError: WarblerError | undefined
  #removeOnlineListener: (() => void) | undefined

  constructor(
    private readonly options: WarblerClientOptions,
    private readonly hooks: ConnectionManagerHooks,
  ) {
    this.#token = options.token
    this.#backoff = new Backoff(options.backoff)
  }

  /** The connection state. */
  get state(): ConnectionState {
    return this.#state
  }

  /** The welcome of the current (or last) connection. */
  get welcome(): WelcomeFrame | undefined {
    return this.#welcome
  }

  /** Whether the manager is trying to stay connected. */
  get wanted(): boolean {
    return this.#wanted
  }

  /** Starts connecting (and reconnecting) until {@link shutdown} or an unrecoverable error. */
  start(): void {
    if (this.#wanted) return
    this.#wanted = true
    this.#stopError = undefined
    this.#listenForNetwork()
    this.#startAttempt()
  }

  /** Closes for good: waiting requests reject with `error`. */
  shutdown(error: WarblerError): void {
    this.#wanted = false
    clearTimeout(this.#reconnectTimer)
    this.#removeOnlineListener?.()
    this.#removeOnlineListener = undefined
    const connection = this.#connection
    this.#connection = undefined
    connection?.close(error)
    this.#requests.rejectAll(error)
    this.#setState({ state: 'disconnected', reason: error.code, willReconnect: false, attempt: 0 })
  }

  /** Sends a frame on the current connection; false when there is none. */
  send(frame: ClientFrame): boolean {
    const connection = this.#connection
    return connection?.isOpen === true && connection.send(frame)
  }

  /** A request on the current connection only (sync and pulls belong to one connection). */
  requestNow<K extends keyof RequestResults>(type: K, frame: RequestFrame<K>): Promise<RequestResults[K]> {
    const connection = this.#connection
    if (!connection?.isOpen) return Promise.reject(new WarblerError('connection_closed'))
    return this.#sendRequest(connection, type, frame, this.#requestTimeoutMs())
  }

  /** An app request: waits for a connection (within the request timeout) when there is none. */
  async request<K extends keyof RequestResults>(type: K, frame: RequestFrame<K>): Promise<RequestResults[K]> {
    const timeoutMs = this.#requestTimeoutMs()
    const deadline = Date.now() + timeoutMs
    const connection = await this.#whenConnected(timeoutMs)
    return this.#sendRequest(connection, type, frame, Math.max(1, deadline - Date.now()))
  }

  /**
   * Runs an attempt nobody awaits (from start(), the reconnect timer, the `online` event). An
   * error that escapes it becomes a failure of the connection (and a reconnect), never an
   * unhandled rejection.
   */
  #startAttempt(): void {
    inBackground(
      () => this.#attempt(),
      (error) => {
        const failure = toWarblerError(error)
        this.hooks.emitter.emit('error', failure)
        const connection = this.#connection
        // Closing the live connection reports the failure through onClose, which reconnects.
        if (connection?.isOpen) connection.close(failure)
        else if (!this.#attempting) {
          this.#connection = undefined
          this.#onFailure(failure)
        }
      },
    )
  }

  async #attempt(): Promise<void> {
    if (this.#attempting || !this.#wanted) return
    this.#attempting = true
    this.#setState({ state: 'connecting', willReconnect: true, attempt: this.#backoff.attempt })
    let connection: Connection | undefined
    let welcome: WelcomeFrame
    try {
      const token = await this.#currentToken()
      const WebSocket = await resolveWebSocket(this.options.WebSocket)
      if (!this.#wanted) {
        this.#attempting = false
        return
      }
      connection = new Connection({
        url: toWebSocketUrl(this.options.url),
        WebSocket,
        token,
        ...(this.options.deviceId ? { deviceId: this.options.deviceId } : {}),
        authTimeoutMs: this.options.authTimeoutMs ?? CLIENT_DEFAULTS.authTimeoutMs,
        ...(this.options.heartbeatSeconds ? { heartbeatSeconds: this.options.heartbeatSeconds } : {}),
        onFrame: (frame) => this.#onFrame(frame),
        onClose: (reason) => this.#onConnectionLost(connection!, reason),
      })
      this.#connection = connection
      welcome = await connection.open()
    } catch (error) {
      this.#attempting = false
      if (this.#connection === connection) this.#connection = undefined
      this.#onFailure(toWarblerError(error))
      return
    }
    this.#attempting = false
    if (!this.#wanted || this.#connection !== connection) {
      connection.close()
      return
    }
    await this.#onWelcome(connection, welcome)
  }

  async #onWelcome(connection: Connection, welcome: WelcomeFrame): Promise<void> {
    this.#welcome = welcome
    this.#tokenRefreshes = 0
    this.#backoff.reset()
    try {
      await this.hooks.onOpen(welcome)
    } catch (error) {
      this.hooks.emitter.emit('error', toWarblerError(error))
    }
    if (this.#connection !== connection) return
    this.#setState({ state: 'connected', willReconnect: true, attempt: 0 })
    try {
      await this.hooks.onConnected(() => this.#connection === connection)
    } catch (error) {
      // The catch-up failed on a live connection (a request timed out): start over on a new one.
      if (this.#connection === connection) connection.close(toWarblerError(error))
    }
  }

  #onConnectionLost(connection: Connection, reason: WarblerError): void {
    if (this.#connection !== connection) return
    this.#connection = undefined
    this.#requests.rejectAll(new WarblerError('connection_closed', reason.message, { cause: reason }))
    this.hooks.onLost()
    this.#onFailure(reason)
  }

  #onFailure(error: WarblerError): void {
    if (!this.#wanted) return
    let delay: number
    if (error.code === 'token_expired' && this.options.getToken) {
      this.#token = undefined
      this.#tokenRefreshes += 1
      // The first refresh is immediate; a token that is expired again waits like any failure.
      delay = this.#tokenRefreshes === 1 ? 0 : this.#backoff.next()
    } else if (STOP_CODES.has(error.code) || error.code === 'token_expired') {
      this.#stop(error)
      return
    } else {
      delay = this.#backoff.next()
    }
    this.#setState({ state: 'disconnected', reason: error.code, error, willReconnect: true, retryInMs: delay, attempt: this.#backoff.attempt })
    clearTimeout(this.#reconnectTimer)
    this.#reconnectTimer = setTimeout(() => this.#startAttempt(), delay)
  }

  #stop(error: WarblerError): void {
    this.#wanted = false
    this.#stopError = error
    // A later start() asks getToken() again instead of reusing the refused token.
    if (this.options.getToken) this.#token = undefined
    clearTimeout(this.#reconnectTimer)
    this.#removeOnlineListener?.()
    this.#removeOnlineListener = undefined
    this.#setState({ state: 'disconnected', reason: error.code, error, willReconnect: false, attempt: this.#backoff.attempt })
    this.#requests.rejectAll(error)
    this.hooks.onStop(error)
    this.hooks.emitter.emit('error', error)
  }

  async #currentToken(): Promise<string> {
    if (this.#token) return this.#token
    if (!this.options.getToken) throw new WarblerError('token_expired')
    try {
      this.#token = await this.options.getToken()
    } catch (cause) {
      if (WarblerError.isInstance(cause)) throw cause
      throw new WarblerError('unavailable', `getToken failed: ${String(cause)}`, { cause })
    }
    return this.#token
  }

  #onFrame(frame: ServerFrame): void {
    if (frame.type === 'result') {
      this.#requests.resolve(frame.id, frame.data)
      return
    }
    if (frame.type === 'error' && frame.id !== undefined && this.#requests.has(frame.id)) {
      this.#requests.reject(frame.id, WarblerError.fromBody(frame))
      return
    }
    this.hooks.onFrame(frame)
  }

  #sendRequest<K extends keyof RequestResults>(
    connection: Connection,
    type: K,
    frame: RequestFrame<K>,
    timeoutMs: number,
  ): Promise<RequestResults[K]> {
    const id = this.#requests.nextId()
    const answer = this.#requests.register<RequestResults[K]>(id, timeoutMs)
    if (!connection.send({ ...frame, type, id } as ClientFrame)) this.#requests.reject(id, new WarblerError('connection_closed'))
    return answer
  }

  #whenConnected(timeoutMs: number): Promise<Connection> {
    const current = this.#connection
    if (current?.isOpen && this.#state === 'connected') return Promise.resolve(current)
    if (!this.#wanted) {
      return Promise.reject(this.#stopError ?? new WarblerError('connection_closed', 'Not connected: call connect() first.'))
    }
    return new Promise<Connection>((resolve, reject) => {
      const timer = setTimeout(() => {
        off()
        reject(new WarblerError('timeout', 'Not connected in time.'))
      }, timeoutMs)
      const off = this.hooks.emitter.on('connection-state-change', (change) => {
        const connection = this.#connection
        if (change.state === 'connected' && connection?.isOpen) {
          clearTimeout(timer)
          off()
          resolve(connection)
        } else if (change.state === 'disconnected' && !change.willReconnect) {
          clearTimeout(timer)
          off()
          reject(change.error ?? new WarblerError('connection_closed'))
        }
      })
    })
  }

  #requestTimeoutMs(): number {
    return this.options.requestTimeoutMs ?? CLIENT_DEFAULTS.requestTimeoutMs
  }

  #setState(change: ConnectionStateChange): void {
    this.#state = change.state
    this.hooks.emitter.emit('connection-state-change', change)
  }

  #listenForNetwork(): void {
    const target = globalThis as {
      addEventListener?: (name: string, listener: () => void) => void
      removeEventListener?: (name: string, listener: () => void) => void
    }
    if (typeof target.addEventListener !== 'function' || this.#removeOnlineListener) return
    // A browser coming back online should not wait out the backoff.
    const onOnline = () => {
      if (this.#wanted && this.#state === 'disconnected' && !this.#attempting) {
        clearTimeout(this.#reconnectTimer)
        this.#startAttempt()
      }
    }
    // A browser that knows it lost the network says so at once; waiting for the heartbeat would
    // leave the app showing "online" while messages already cannot go out.
    const onOffline = () => {
      this.#connection?.close(new WarblerError('connection_closed', 'The device went offline.'))
    }
    target.addEventListener('online', onOnline)
    target.addEventListener('offline', onOffline)
    this.#removeOnlineListener = () => {
      target.removeEventListener?.('online', onOnline)
      target.removeEventListener?.('offline', onOffline)
    }
  }
}

/** Any thrown value as a WarblerError. */
export function toWarblerError(error: unknown): WarblerError {
  if (WarblerError.isInstance(error)) return error
  return new WarblerError('internal', error instanceof Error ? error.message : String(error), { cause: error })
}
