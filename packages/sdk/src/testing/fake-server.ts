import type { AddressInfo } from 'node:net'
import {
  CLOSE_CODES,
  DEFAULT_LIMITS,
  type ClientFrame,
  type Conversation,
  type ConversationEvent,
  type ErrorCode,
  type ServerFrame,
} from '@warbler/protocol'
import { WebSocketServer, type WebSocket } from 'ws'

/** Options of {@link FakeServer}. */
export interface FakeServerOptions {
  appId?: string
  heartbeatSeconds?: number
}

interface TokenRecord {
  userId: string
  expired: boolean
  revoked: boolean
}

interface FakeConnection {
  socket: WebSocket
  /** Nothing is sent to a muted connection (a dead link the TCP stack has not noticed). */
  muted?: boolean
  userId?: string
  token?: string
}

interface StoredConversation {
  conversation: Conversation
  memberIds: string[]
  events: ConversationEvent[]
}

/** What the next `message.send` frames do instead of a normal ack. */
export type SendFault = 'drop-connection-before-ack' | 'ignore' | { error: ErrorCode }

/**
 * When a planned cut happens, relative to the frame that triggers it: `before-answer` cuts as
 * the frame arrives (the request stays unanswered), `after-answer` cuts right after the answer
 * went out (the client reads the answer, then the close).
 */
export type DropMoment = 'before-answer' | 'after-answer'

/** A planned cut: the connection that receives the next matching frame is dropped. */
export interface PlannedDrop {
  /** The client frame type that triggers the cut (`auth`, `sync`, `history`, `message.send`, ...). */
  frameType: ClientFrame['type']
  moment: DropMoment
  /** Only this user's connections (default: any). */
  userId?: string
}

/**
 * An in-process Warbler server for SDK tests: a real `ws` WebSocketServer on 127.0.0.1 speaking
 * the wire protocol, with an in-memory event log, idempotent sends, and faults to inject (lost
 * pushes, duplicate pushes, dropped connections, lost acks, expired and revoked tokens).
 *
 * @example
 * ```ts
 * const server = await FakeServer.start()
 * const conversationId = server.createDirect('alice', 'bob')
 * const client = new WarblerClient({ url: server.url, token: server.token('alice') })
 * server.append(conversationId, { senderId: 'bob', body: { type: 'text', text: 'hi' } })
 * ```
 */
export class FakeServer {
  readonly appId: string
  readonly received: { userId: string | undefined; frame: ClientFrame }[] = []
  /** Events matching this are committed but not pushed (a lost push: the client sees a gap). */
  suppressPush: ((event: ConversationEvent, userId: string) => boolean) | undefined
  /** Push every event twice. */
  duplicatePushes = false
  /** Faults applied to the next sends, one per send. */
  readonly sendFaults: SendFault[] = []
  /** Cuts still to make, each once, in order of planning (see {@link dropOnNext}). */
  readonly plannedDrops: PlannedDrop[] = []

  readonly #wss: WebSocketServer
  readonly #connections = new Set<FakeConnection>()
  readonly #tokens = new Map<string, TokenRecord>()
  readonly #conversations = new Map<string, StoredConversation>()
  readonly #readSeqs = new Map<string, number>()
  readonly #acks = new Map<string, Extract<ServerFrame, { type: 'ack' }>>()
  readonly #heartbeatSeconds: number
  #counter = 0
  #now = 1_700_000_000_000

  private constructor(wss: WebSocketServer, options: FakeServerOptions) {
    this.#wss = wss
    this.appId = options.appId ?? 'app_test'
    this.#heartbeatSeconds = options.heartbeatSeconds ?? DEFAULT_LIMITS.heartbeatSeconds
    wss.on('connection', (socket) => this.#accept(socket))
  }

  /** Starts a server on a free port. */
  static async start(options: FakeServerOptions = {}): Promise<FakeServer> {
    const wss = await new Promise<WebSocketServer>((resolve, reject) => {
      const server = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/ws' })
      server.once('listening', () => resolve(server))
      server.once('error', reject)
    })
    return new FakeServer(wss, options)
  }

  /** The `http://` address to give the client. */
  get url(): string {
    const address = this.#wss.address() as AddressInfo
    return `http://127.0.0.1:${address.port}`
  }

  /** Mints a token for a user. */
  token(userId: string): string {
    const token = `tok_${userId}_${++this.#counter}`
    this.#tokens.set(token, { userId, expired: false, revoked: false })
    return token
  }

  /** Makes a token expired (connections using it are not closed). */
  expireToken(token: string): void {
    const record = this.#tokens.get(token)
    if (record) record.expired = true
  }

  /**
   * Revokes every token of a user and closes their connections with `token_revoked` (the error
   * frame first, unless `explain` is false: then only the close code tells).
   */
  revokeTokens(userId: string, options: { explain?: boolean } = {}): void {
    for (const record of this.#tokens.values()) if (record.userId === userId) record.revoked = true
    for (const connection of this.#connections) {
      if (connection.userId !== userId) continue
      if (options.explain !== false) this.#send(connection, { type: 'error', code: 'token_revoked', message: 'revoked' })
      connection.socket.close(CLOSE_CODES.tokenRevoked, 'token_revoked')
    }
  }

  /** Creates (or finds) the direct conversation of two users. */
  createDirect(userA: string, userB: string): string {
    for (const stored of this.#conversations.values()) {
      const members = stored.memberIds
      if (stored.conversation.kind === 'direct' && members.includes(userA) && members.includes(userB)) return stored.conversation.id
    }
    return this.#create('direct', [userA, userB], null)
  }

  /** Creates a group. */
  createGroup(memberIds: string[], name = 'group'): string {
    return this.#create('group', memberIds, name)
  }

  /** Appends an event as if another client or the server sent it, and pushes it to online members. */
  append(
    conversationId: string,
    event: Partial<Omit<ConversationEvent, 'conversationId' | 'seq' | 'ts'>> & { senderId: string },
  ): ConversationEvent {
    const stored = this.#conversations.get(conversationId)
    if (!stored) throw new Error(`no conversation ${conversationId}`)
    const full: ConversationEvent = {
      kind: 'message',
      ...event,
      conversationId,
      seq: stored.events.length + 1,
      ts: (this.#now += 1000),
    }
    stored.events.push(full)
    stored.conversation.lastSeq = full.seq
    this.#push(stored, full)
    return full
  }

  /** A text message from `senderId`. */
  appendText(conversationId: string, senderId: string, text: string): ConversationEvent {
    return this.append(conversationId, { senderId, kind: 'message', body: { type: 'text', text } })
  }

  /** Every stored event of a conversation. */
  events(conversationId: string): ConversationEvent[] {
    return [...(this.#conversations.get(conversationId)?.events ?? [])]
  }

  /** Sets a user's read position. */
  setReadSeq(userId: string, conversationId: string, seq: number): void {
    this.#readSeqs.set(`${userId}\u0000${conversationId}`, seq)
  }

  /** A user's read position. */
  readSeq(userId: string, conversationId: string): number {
    return this.#readSeqs.get(`${userId}\u0000${conversationId}`) ?? 0
  }

  /** Sends a streaming delta to every online member. */
  sendDelta(conversationId: string, seq: number, text: string, offset: number): void {
    const stored = this.#conversations.get(conversationId)!
    for (const connection of this.#connections) {
      if (connection.userId && stored.memberIds.includes(connection.userId)) {
        this.#send(connection, { type: 'message.delta', conversationId, seq, text, offset })
      }
    }
  }

  /** Drops connections abruptly (no close frame), as a network failure would. */
  dropConnections(userId?: string): void {
    for (const connection of [...this.#connections]) {
      if (userId === undefined || connection.userId === userId) connection.socket.terminate()
    }
  }

  /**
   * Plans a cut at a named step: the next connection to send a `frameType` frame is dropped
   * abruptly (no close frame), before or just after the server answers it. Deterministic, unlike
   * dropping on a timer.
   */
  dropOnNext(frameType: ClientFrame['type'], moment: DropMoment = 'before-answer', userId?: string): void {
    this.plannedDrops.push({ frameType, moment, ...(userId === undefined ? {} : { userId }) })
  }

  /** Sends a connection-level error frame (no id) to a user's connections. */
  sendError(userId: string, code: ErrorCode): void {
    for (const connection of this.#connections) {
      if (connection.userId === userId) this.#send(connection, { type: 'error', code, message: code })
    }
  }

  /** Stops sending anything on a user's current connections, without closing them. */
  muteConnections(userId: string): void {
    for (const connection of this.#connections) if (connection.userId === userId) connection.muted = true
  }

  /** Asks every client to reconnect, as a server going down does. */
  sendReconnect(): void {
    for (const connection of this.#connections) {
      this.#send(connection, { type: 'reconnect', code: 'server_shutting_down', message: 'restarting' })
      connection.socket.close(CLOSE_CODES.serviceRestart)
    }
  }

  /** Authenticated connections of a user (or all). */
  connectionCount(userId?: string): number {
    return [...this.#connections].filter((c) => c.userId !== undefined && (userId === undefined || c.userId === userId)).length
  }

  /** Frames of a type the server received. */
  framesOfType<T extends ClientFrame['type']>(type: T): Extract<ClientFrame, { type: T }>[] {
    return this.received.filter((r) => r.frame.type === type).map((r) => r.frame as Extract<ClientFrame, { type: T }>)
  }

  /** Stops the server. */
  async close(): Promise<void> {
    for (const connection of this.#connections) connection.socket.terminate()
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()))
  }

  #create(kind: 'direct' | 'group', memberIds: string[], name: string | null): string {
    const id = `conv_${++this.#counter}`
    const createdAt = (this.#now += 1000)
    this.#conversations.set(id, {
      conversation: {
        id,
        kind,
        name,
        ownerId: kind === 'group' ? memberIds[0]! : null,
        lastSeq: 0,
        memberCount: memberIds.length,
        members: memberIds.map((userId) => ({ userId, role: 'member' as const, joinedAt: createdAt })),
        ext: {},
        createdAt,
      },
      memberIds: [...memberIds],
      events: [],
    })
    return id
  }

  #accept(socket: WebSocket): void {
    const connection: FakeConnection = { socket }
    this.#connections.add(connection)
    socket.on('close', () => this.#connections.delete(connection))
    socket.on('message', (data) => {
      let frame: ClientFrame
      try {
        frame = JSON.parse(String(data)) as ClientFrame
      } catch {
        this.#send(connection, { type: 'error', code: 'malformed_frame', message: 'not JSON' })
        return
      }
      this.received.push({ userId: connection.userId, frame })
      const drop = this.#takePlannedDrop(connection, frame)
      if (drop?.moment === 'before-answer') {
        connection.socket.terminate()
        return
      }
      this.#handle(connection, frame)
      if (drop) connection.socket.terminate()
    })
  }

  #takePlannedDrop(connection: FakeConnection, frame: ClientFrame): PlannedDrop | undefined {
    const userId = frame.type === 'auth' ? this.#tokens.get(frame.token)?.userId : connection.userId
    const index = this.plannedDrops.findIndex(
      (drop) => drop.frameType === frame.type && (drop.userId === undefined || drop.userId === userId),
    )
    if (index < 0) return undefined
    return this.plannedDrops.splice(index, 1)[0]
  }

  #handle(connection: FakeConnection, frame: ClientFrame): void {
    if (frame.type === 'auth') return this.#auth(connection, frame)
    const userId = connection.userId
    if (!userId) {
      this.#send(connection, { type: 'error', code: 'not_authenticated', message: 'auth first' })
      return
    }
    switch (frame.type) {
      case 'ping':
        return this.#send(connection, { type: 'pong', serverTime: this.#now })
      case 'message.send':
        return this.#sendMessage(connection, userId, frame)
      case 'conversation.open-direct': {
        const id = this.createDirect(userId, frame.peerId)
        return this.#result(connection, frame.id, this.#conversations.get(id)!.conversation)
      }
      case 'conversation.get': {
        const stored = this.#member(connection, frame.id, frame.conversationId, userId)
        if (stored) this.#result(connection, frame.id, stored.conversation)
        return
      }
      case 'sync': {
        const conversations = [...this.#conversations.values()]
          .filter((stored) => stored.memberIds.includes(userId))
          .filter((stored) => frame.cursors === undefined || stored.conversation.lastSeq > (frame.cursors[stored.conversation.id] ?? 0))
          .map((stored) => ({
            conversationId: stored.conversation.id,
            kind: stored.conversation.kind,
            lastSeq: stored.conversation.lastSeq,
            readSeq: this.readSeq(userId, stored.conversation.id),
          }))
        return this.#result(connection, frame.id, { conversations })
      }
      case 'history': {
        const stored = this.#member(connection, frame.id, frame.conversationId, userId)
        if (!stored) return
        const limit = Math.min(frame.limit ?? 50, DEFAULT_LIMITS.maxHistoryPage)
        let events: ConversationEvent[]
        let hasMore: boolean
        // As the real server: with no cursor, the newest page. (Unlike it, `limit` counts events here.)
        if (frame.beforeSeq !== undefined || frame.afterSeq === undefined) {
          const before = stored.events.filter((e) => e.seq < (frame.beforeSeq ?? Number.POSITIVE_INFINITY))
          events = before.slice(-limit)
          hasMore = before.length > limit
        } else {
          const after = stored.events.filter((e) => e.seq > (frame.afterSeq ?? 0))
          events = after.slice(0, limit)
          hasMore = after.length > limit
        }
        return this.#result(connection, frame.id, { events, hasMore })
      }
      case 'read': {
        const stored = this.#member(connection, frame.id, frame.conversationId, userId)
        if (!stored) return
        const readSeq = Math.max(this.readSeq(userId, frame.conversationId), Math.min(frame.seq, stored.conversation.lastSeq))
        this.setReadSeq(userId, frame.conversationId, readSeq)
        if (frame.id) this.#result(connection, frame.id, { conversationId: frame.conversationId, readSeq })
        return
      }
    }
  }

  #auth(connection: FakeConnection, frame: Extract<ClientFrame, { type: 'auth' }>): void {
    const record = this.#tokens.get(frame.token)
    const refuse = (code: ErrorCode, closeCode: number) => {
      this.#send(connection, { type: 'error', id: frame.id, code, message: code })
      connection.socket.close(closeCode, code)
    }
    if (!record) return refuse('invalid_credentials', CLOSE_CODES.authFailed)
    if (record.revoked) return refuse('token_revoked', CLOSE_CODES.tokenRevoked)
    if (record.expired) return refuse('token_expired', CLOSE_CODES.authFailed)
    connection.userId = record.userId
    connection.token = frame.token
    this.#send(connection, {
      type: 'welcome',
      id: frame.id,
      appId: this.appId,
      userId: record.userId,
      sessionId: `sess_${++this.#counter}`,
      serverTime: this.#now,
      heartbeatSeconds: this.#heartbeatSeconds,
      limits: {
        maxFrameBytes: DEFAULT_LIMITS.maxFrameBytes,
        maxTextLength: DEFAULT_LIMITS.maxTextLength,
        sendsPerSecond: DEFAULT_LIMITS.sendsPerSecond,
      },
    })
  }

  #sendMessage(connection: FakeConnection, userId: string, frame: Extract<ClientFrame, { type: 'message.send' }>): void {
    const fault = this.sendFaults.shift()
    if (fault === 'ignore') return
    if (typeof fault === 'object') {
      this.#send(connection, { type: 'error', id: frame.id, clientMsgId: frame.clientMsgId, code: fault.error, message: fault.error })
      return
    }
    const key = `${userId}\u0000${frame.clientMsgId}`
    const previous = this.#acks.get(key)
    if (previous) {
      this.#send(connection, { ...previous, id: frame.id, duplicate: true })
      return
    }
    const stored = this.#conversations.get(frame.conversationId)
    if (!stored || !stored.memberIds.includes(userId)) {
      this.#send(connection, { type: 'error', id: frame.id, clientMsgId: frame.clientMsgId, code: 'not_member', message: 'not a member' })
      return
    }
    const event = this.append(frame.conversationId, {
      senderId: userId,
      kind: 'message',
      body: frame.body,
      clientMsgId: frame.clientMsgId,
      ...(frame.ext ? { ext: frame.ext } : {}),
    })
    const ack = {
      type: 'ack' as const,
      clientMsgId: frame.clientMsgId,
      conversationId: frame.conversationId,
      seq: event.seq,
      ts: event.ts,
      duplicate: false,
    }
    this.#acks.set(key, ack)
    if (fault === 'drop-connection-before-ack') {
      connection.socket.terminate()
      return
    }
    this.#send(connection, { ...ack, ...(frame.id ? { id: frame.id } : {}) })
  }

  #member(connection: FakeConnection, id: string | undefined, conversationId: string, userId: string): StoredConversation | undefined {
    const stored = this.#conversations.get(conversationId)
    if (!stored) {
      this.#send(connection, { type: 'error', id, code: 'conversation_not_found', message: 'no such conversation' })
      return undefined
    }
    if (!stored.memberIds.includes(userId)) {
      this.#send(connection, { type: 'error', id, code: 'not_member', message: 'not a member' })
      return undefined
    }
    return stored
  }

  #push(stored: StoredConversation, event: ConversationEvent): void {
    for (const connection of this.#connections) {
      const userId = connection.userId
      if (!userId || !stored.memberIds.includes(userId)) continue
      if (this.suppressPush?.(event, userId)) continue
      this.#send(connection, { type: 'event', ...event })
      if (this.duplicatePushes) this.#send(connection, { type: 'event', ...event })
    }
  }

  #result(connection: FakeConnection, id: string, data: unknown): void {
    this.#send(connection, { type: 'result', id, data })
  }

  #send(connection: FakeConnection, frame: ServerFrame): void {
    if (connection.muted) return
    if (connection.socket.readyState === connection.socket.OPEN) connection.socket.send(JSON.stringify(frame))
  }
}
