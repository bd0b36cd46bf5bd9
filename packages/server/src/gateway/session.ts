import type { WebSocket } from 'ws'
import type { ErrorCode, ServerFrame } from '@warbler/protocol'
import { TokenBucket } from './token-bucket.js'
import { coalesceWrites } from './write-coalescer.js'

/** Bytes a session may have queued unsent before it counts as a slow consumer and is dropped. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024
/** A UTF-8 buffer passed to `send` goes out as a text frame, like the string it encodes. */
const AS_TEXT = { binary: false } as const

/** One WebSocket connection and what the server knows of it. */
export class Session {
  appId?: string
  userId?: string
  deviceId?: string
  /** Set once the auth frame is accepted. */
  authenticated = false
  /** Set when a heartbeat pong or any frame arrived since the last heartbeat. */
  alive = true
  /** Orders the storage appends of this connection's sends: sent in order, stored in order. */
  sendOrder: Promise<unknown> = Promise.resolve()
  readonly sendBucket: TokenBucket
  /** Typing indicators are ephemeral and cheap to drop: a few per second at most. */
  readonly typingBucket = new TokenBucket(5, 10)
  /** Users whose presence this session subscribed to. */
  readonly presenceWatch = new Set<string>()
  readonly connectedAt = Date.now()

  constructor(
    readonly id: string,
    readonly socket: WebSocket,
    readonly remoteAddress: string,
    limits: { sendsPerSecond: number; sendBurst: number },
    private readonly onFrameOut: () => void,
  ) {
    this.sendBucket = new TokenBucket(limits.sendsPerSecond, limits.sendBurst)
  }

  /** The registry key of this session's user. */
  get userKey(): string {
    return `${this.appId}\u0000${this.userId}`
  }

  /**
   * Sends an already serialised frame (a string, or its UTF-8 bytes when one frame goes to many
   * sockets) as a text frame; drops the connection if the client cannot keep up.
   */
  sendText(text: string | Buffer): void {
    if (this.socket.readyState !== this.socket.OPEN) return
    if (this.socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      // The client will reconnect and sync: events are durable, so nothing is lost.
      this.socket.terminate()
      return
    }
    coalesceWrites(this.socket)
    if (typeof text === 'string') this.socket.send(text)
    else this.socket.send(text, AS_TEXT)
    this.onFrameOut()
  }

  sendFrame(frame: ServerFrame): void {
    this.sendText(JSON.stringify(frame))
  }

  /** Sends an error frame; with `close`, closes the connection after it. */
  fail(code: ErrorCode, message: string, options: { id?: string; clientMsgId?: string; close?: number } = {}): void {
    this.sendFrame({
      type: 'error',
      code,
      message,
      ...(options.id === undefined ? {} : { id: options.id }),
      ...(options.clientMsgId === undefined ? {} : { clientMsgId: options.clientMsgId }),
    })
    if (options.close !== undefined) this.socket.close(options.close, code)
  }
}
