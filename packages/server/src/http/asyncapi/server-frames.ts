import {
  ConversationEvent,
  ERROR_CODES,
  Presence,
  type AckFrame,
  type ErrorCode,
  type ErrorFrame,
  type EventFrame,
  type MessageDeltaFrame,
  type NoticeFrame,
  type PongFrame,
  type PresenceFrame,
  type ReceiptFrame,
  type ReconnectFrame,
  type ResultFrame,
  type ServerFrame,
  type TypingNoticeFrame,
  type WelcomeFrame,
} from '@warbler/protocol'
import { z } from 'zod'

/*
 * `@warbler/protocol` validates what clients send with zod and types what the server sends as
 * TypeScript interfaces (the server builds those frames; it never parses them). The AsyncAPI
 * document needs schemas for both directions, so the server frames are mirrored here in zod, and
 * the compiler checks each mirror against its interface both ways: a field added to, removed from or
 * retyped in a frame interface fails the build until its mirror says the same.
 */

const ErrorCodeSchema = z.enum(Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]])

const Welcome = z.object({
  type: z.literal('welcome'),
  id: z.string().optional(),
  appId: z.string(),
  userId: z.string(),
  sessionId: z.string(),
  serverTime: z.number().int(),
  heartbeatSeconds: z.number().int(),
  limits: z.object({ maxFrameBytes: z.number().int(), maxTextLength: z.number().int(), sendsPerSecond: z.number() }),
})
const Ack = z.object({
  type: z.literal('ack'),
  id: z.string().optional(),
  clientMsgId: z.string(),
  conversationId: z.string(),
  seq: z.number().int(),
  ts: z.number().int(),
  duplicate: z.boolean().describe('True when this ack answers a resend of a message already stored.'),
})
const Result = z.object({ type: z.literal('result'), id: z.string(), data: z.unknown().describe('What the request frame asks for (RequestResults in @warbler/protocol).') })
const ErrorSchema = z.object({ type: z.literal('error'), id: z.string().optional(), clientMsgId: z.string().optional(), code: ErrorCodeSchema, message: z.string() })
const Event = ConversationEvent.extend({ type: z.literal('event') })
const MessageDelta = z.object({
  type: z.literal('message.delta'),
  conversationId: z.string(),
  seq: z.number().int(),
  text: z.string().describe('The new text since the previous delta.'),
  offset: z.number().int().describe('Characters of the message before this delta.'),
})
const Pong = z.object({ type: z.literal('pong'), id: z.string().optional(), serverTime: z.number().int() })
const Reconnect = z.object({ type: z.literal('reconnect'), code: ErrorCodeSchema, message: z.string() })
const TypingNotice = z.object({ type: z.literal('typing'), conversationId: z.string(), userId: z.string(), active: z.boolean() })
const Receipt = z.object({ type: z.literal('receipt'), conversationId: z.string(), userId: z.string(), readSeq: z.number().int().optional(), deliveredSeq: z.number().int().optional() })
const Notice = z.object({
  type: z.literal('notice'),
  kind: z.enum(['friend-request', 'friend-accepted', 'friend-removed', 'join-request', 'message-hidden', 'conversation-settings']),
  data: z.record(z.string(), z.unknown()),
})
const PresenceSchema = Presence.extend({ type: z.literal('presence') })

/** Every frame the server sends, with what it means (the `type` is the key). */
export const SERVER_FRAMES = [
  { schema: Welcome, summary: 'The answer to `auth`: the connection is authenticated.' },
  { schema: Ack, summary: 'A send was committed (sent only after the event is durable).' },
  { schema: Result, summary: 'The answer to a request frame, carrying its `id`.' },
  { schema: ErrorSchema, summary: 'A frame was refused, or the connection has a problem.' },
  { schema: Event, summary: 'A new event in a conversation the user belongs to.' },
  { schema: MessageDelta, summary: 'A piece of streaming bot text (the final text arrives as an edit event).' },
  { schema: Pong, summary: 'The answer to `ping`.' },
  { schema: Reconnect, summary: 'The server asks the client to reconnect (for example before a restart).' },
  { schema: TypingNotice, summary: 'Someone in the conversation started or stopped typing.' },
  { schema: Receipt, summary: 'A member’s read or delivered position moved.' },
  { schema: Notice, summary: 'A user-level notice that is not a conversation event.' },
  { schema: PresenceSchema, summary: 'A subscribed user went online or offline.' },
] as const

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
type Infer<T extends z.ZodType> = z.infer<T>

/** Compile-time: each mirror and its interface accept the same values. */
export const SERVER_FRAME_MIRRORS_MATCH: [
  Same<Infer<typeof Welcome>, WelcomeFrame>,
  Same<Infer<typeof Ack>, AckFrame>,
  Same<Infer<typeof Result>, ResultFrame>,
  Same<Infer<typeof ErrorSchema>, ErrorFrame>,
  Same<Infer<typeof Event>, EventFrame>,
  Same<Infer<typeof MessageDelta>, MessageDeltaFrame>,
  Same<Infer<typeof Pong>, PongFrame>,
  Same<Infer<typeof Reconnect>, ReconnectFrame>,
  Same<Infer<typeof TypingNotice>, TypingNoticeFrame>,
  Same<Infer<typeof Receipt>, ReceiptFrame>,
  Same<Infer<typeof Notice>, NoticeFrame>,
  Same<Infer<typeof PresenceSchema>, PresenceFrame>,
  // …and together they are every frame of ServerFrame: a new frame type needs its mirror here.
  Same<Infer<(typeof SERVER_FRAMES)[number]['schema']>, ServerFrame>,
] = [true, true, true, true, true, true, true, true, true, true, true, true, true]
