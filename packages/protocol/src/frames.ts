import { z } from 'zod'
import { ClientMessageId, ResourceId, Seq, UserId } from './ids.js'
import { Ext, MessageBody } from './message-body.js'
import { Conversation, ConversationCursor, ConversationEvent, HistoryPage } from './models.js'
import type { ErrorCode } from './error-codes.js'

/** A request id chosen by the client; the answer carries it back. */
const RequestId = z.string().min(1).max(64)

// ---------------------------------------------------------------- client → server

/** First frame of every connection: the user token. */
export const AuthFrame = z.object({
  type: z.literal('auth'),
  id: RequestId.optional(),
  token: z.string().min(1).max(4096),
  /** A stable id for this device, so the server can list and kick devices. */
  deviceId: z.string().min(1).max(128).optional(),
})

/** Application-level heartbeat; the server answers `pong`. */
export const PingFrame = z.object({ type: z.literal('ping'), id: RequestId.optional() })

/** Send a message. Resending the same `clientMsgId` returns the first ack and creates nothing. */
export const SendFrame = z.object({
  type: z.literal('message.send'),
  id: RequestId.optional(),
  clientMsgId: ClientMessageId,
  conversationId: ResourceId,
  body: MessageBody,
  ext: Ext.optional(),
})

/** Open (creating on first use) the direct conversation with a peer. */
export const OpenDirectFrame = z.object({
  type: z.literal('conversation.open-direct'),
  id: RequestId,
  peerId: UserId,
})

/** Read one conversation the user belongs to. */
export const GetConversationFrame = z.object({
  type: z.literal('conversation.get'),
  id: RequestId,
  conversationId: ResourceId,
})

/**
 * Ask what changed: for every conversation of the user whose `lastSeq` is past the given cursor
 * (or every conversation when no cursors are given), its `lastSeq` and the user's `readSeq`.
 */
export const SyncFrame = z.object({
  type: z.literal('sync'),
  id: RequestId,
  cursors: z.record(z.string(), Seq).optional(),
})

/** A page of a conversation's events, after or before a seq. */
export const HistoryFrame = z.object({
  type: z.literal('history'),
  id: RequestId,
  conversationId: ResourceId,
  afterSeq: Seq.optional(),
  beforeSeq: Seq.optional(),
  limit: z.number().int().min(1).max(1000).optional(),
})

/** Mark a conversation read up to a seq. */
export const ReadFrame = z.object({
  type: z.literal('read'),
  id: RequestId.optional(),
  conversationId: ResourceId,
  seq: Seq,
})

/** Every frame a client may send. */
export const ClientFrame = z.discriminatedUnion('type', [
  AuthFrame,
  PingFrame,
  SendFrame,
  OpenDirectFrame,
  GetConversationFrame,
  SyncFrame,
  HistoryFrame,
  ReadFrame,
])
/** Every frame a client may send. */
export type ClientFrame = z.infer<typeof ClientFrame>
/** The `type` of a client frame. */
export type ClientFrameType = ClientFrame['type']
/** The frame types a client may send, for quick checks before full validation. */
export const CLIENT_FRAME_TYPES: ReadonlySet<string> = new Set(ClientFrame.options.map((o) => o.shape.type.value))

/** What each request frame's `result` carries. */
export interface RequestResults {
  'conversation.open-direct': Conversation
  'conversation.get': Conversation
  sync: { conversations: ConversationCursor[] }
  history: HistoryPage
  read: { conversationId: string; readSeq: number }
}

// ---------------------------------------------------------------- server → client

/** The answer to `auth`. */
export interface WelcomeFrame {
  type: 'welcome'
  id?: string
  appId: string
  userId: string
  sessionId: string
  serverTime: number
  heartbeatSeconds: number
  limits: { maxFrameBytes: number; maxTextLength: number; sendsPerSecond: number }
}

/** A send was committed. Sent only after the event is durable. */
export interface AckFrame {
  type: 'ack'
  id?: string
  clientMsgId: string
  conversationId: string
  seq: number
  ts: number
  /** True when this ack answers a resend of a message already stored. */
  duplicate: boolean
}

/** The answer to a request frame. */
export interface ResultFrame<T = unknown> {
  type: 'result'
  id: string
  data: T
}

/** Something went wrong with a frame, or with the connection. */
export interface ErrorFrame {
  type: 'error'
  id?: string
  clientMsgId?: string
  code: ErrorCode
  message: string
}

/** A new event in a conversation the user belongs to. */
export type EventFrame = { type: 'event' } & ConversationEvent

/** A piece of streaming bot text for message `seq` (ephemeral: the final text arrives as an edit). */
export interface MessageDeltaFrame {
  type: 'message.delta'
  conversationId: string
  seq: number
  /** The new text since the previous delta. */
  text: string
  /** Characters of the message before this delta. */
  offset: number
}

/** Answer to `ping`. */
export interface PongFrame {
  type: 'pong'
  id?: string
  serverTime: number
}

/** The server asks the client to reconnect (for example before a restart). */
export interface ReconnectFrame {
  type: 'reconnect'
  code: ErrorCode
  message: string
}

/** Every frame the server may send. */
export type ServerFrame =
  | WelcomeFrame
  | AckFrame
  | ResultFrame
  | ErrorFrame
  | EventFrame
  | MessageDeltaFrame
  | PongFrame
  | ReconnectFrame

/** WebSocket close codes the server uses (4000–4999 are the application's range). */
export const CLOSE_CODES = {
  normal: 1000,
  goingAway: 1001,
  serviceRestart: 1012,
  authFailed: 4001,
  authTimeout: 4008,
  tokenRevoked: 4003,
  tooManyConnections: 4029,
  kicked: 4009,
  policy: 1008,
} as const
