import type {
  Conversation,
  ConversationEvent,
  ConversationKind,
  ErrorCode,
  MemberRole,
  NoticeFrame,
  Presence,
  ReceiptFrame,
  TypingNoticeFrame,
  WarblerError,
} from '@warbler/protocol'
import type { MessageBody, MessageExt } from './custom-data.js'

/**
 * A message (or a member/system notice) as it is now: edits, recalls and reactions already applied.
 */
export interface Message {
  conversationId: string
  seq: number
  ts: number
  senderId: string
  /** `message` for user messages; `member` and `system` for notices. */
  kind: 'message' | 'member' | 'system'
  /** The current body; undefined once recalled (or for notices without one). */
  body?: MessageBody
  /** Notice data, for `member` and `system` events. */
  data?: unknown
  ext?: MessageExt
  clientMsgId?: string
  /** `streaming` while a bot reply is still being written. */
  status: 'final' | 'streaming'
  /** When the last edit happened (unix ms). */
  editedAt?: number
  /** When the message was recalled (unix ms). */
  recalledAt?: number
  /** Reactions: emoji → ids of the users who reacted. */
  reactions?: Record<string, string[]>
  /** The message this one replies to (quotes), in the same conversation. */
  replyToSeq?: number
  /** The user deleted this message for themselves: the body is gone for them. */
  hidden?: boolean
  /**
   * True when the SDK never saw the message itself and built this from an edit, recall or
   * reaction that points at it (fields like `ts` then come from that event).
   */
  partial?: boolean
}

/** A text delta of a streaming bot reply. */
export interface MessageDelta {
  conversationId: string
  seq: number
  /** The new text since the previous delta. */
  text: string
  /** Characters of the message before this delta. */
  offset: number
}

/** One row of the conversation list the SDK keeps. */
export interface ConversationSummary {
  id: string
  kind: ConversationKind
  /** The full conversation, once the SDK has fetched it. */
  conversation?: Conversation
  /** The latest message (or notice), when known. */
  lastMessage?: Message
  /** The latest seq known in this conversation. */
  lastSeq: number
  /** The user's read position. */
  readSeq: number
  /** Messages from others after `readSeq`, recalled ones left out (as the server counts them). */
  unreadCount: number
  /** Seqs of those unread messages (kept so that marking read can recount exactly). */
  unreadSeqs: number[]
  /**
   * The conversation's last seq when the server last counted its unread messages (recalls up to
   * it are already left out of that count; a later recall of a message it counted lowers it).
   */
  unreadCountedThroughSeq?: number
  /** Last activity (unix ms), used to sort the list. */
  updatedAt: number
  /** Pinned by the user (pinned rows sort first). Known once the server list or a settings change was seen. */
  pinned?: boolean
  /** Notifications muted by the user. */
  muted?: boolean
  /** The user's role in the conversation, from the server list. */
  role?: MemberRole
}

/** The answer to a send: where the message landed. */
export interface SendResult {
  conversationId: string
  clientMsgId: string
  seq: number
  ts: number
  /** True when the server already had this `clientMsgId` (a resend). */
  duplicate: boolean
}

/** A send that will not be retried any more. */
export interface SendFailure {
  conversationId: string
  clientMsgId: string
  error: WarblerError
}

/** The server refused a queued send as too many sends (`rate_limited`); the outbox tries again after `retryInMs`. */
export interface RateLimitedSend {
  conversationId: string
  clientMsgId: string
  /** Attempts made so far. */
  attempt: number
  /** When the outbox sends it again (it gives up at the send's deadline). */
  retryInMs: number
  error: WarblerError
}

/** A message waiting in the outbox for its ack. */
export interface OutboxEntry {
  clientMsgId: string
  conversationId: string
  body: MessageBody
  ext?: MessageExt
  /** Quote/reply to this message. */
  replyToSeq?: number
  /** When it was queued (unix ms). */
  createdAt: number
  /** When the SDK gives up on it (unix ms); `null` for never. */
  deadline: number | null
}

/** The connection states. */
export type ConnectionState = 'connecting' | 'connected' | 'disconnected'

/** Payload of `connection-state-change`. */
export interface ConnectionStateChange {
  state: ConnectionState
  /** Why the connection went down (`disconnected`), or why it is being re-made (`connecting`). */
  reason?: ErrorCode
  /** The error behind `reason`, when there is one. */
  error?: WarblerError
  /** Whether the SDK will try again on its own. */
  willReconnect: boolean
  /** With `willReconnect`: the delay before the next attempt. */
  retryInMs?: number
  /** Consecutive failed attempts so far. */
  attempt: number
}

/** A change of the conversation list. */
export interface ConversationsChange {
  /** The whole list, sorted by activity (newest first). */
  conversations: ConversationSummary[]
  /** Ids of the rows that changed. */
  changed: string[]
}

/** Someone started or stopped typing (payload of `typing`). */
export type TypingNotice = Omit<TypingNoticeFrame, 'type'>

/** A member's read or delivered position moved (payload of `receipt`). */
export type Receipt = Omit<ReceiptFrame, 'type'>

/**
 * Something for the user that is not a conversation event (payload of `user-notice`):
 * `friend-request`, `friend-accepted`, `friend-removed`, `join-request`, `message-hidden`,
 * `conversation-settings`.
 */
export type UserNotice = Omit<NoticeFrame, 'type'>

/** Every event {@link WarblerClient} emits, with its payload. */
export interface WarblerClientEvents {
  /** A new message (event kind `message`), once per (conversationId, seq), in seq order per conversation. */
  message: Message
  /** A new member or system notice (event kinds `member`, `system`), in the same order as messages. */
  notice: Message
  /** Streaming bot text (ephemeral; the final text comes as `message-update`). */
  'message-delta': MessageDelta
  /** An edit, recall or reaction (also the end of a stream): the target message as it is now. */
  'message-update': Message
  /** Every event of every conversation, in seq order, exactly once (message events too). */
  event: ConversationEvent
  'connection-state-change': ConnectionStateChange
  'conversations-change': ConversationsChange
  /** A queued message was acknowledged (also for messages re-sent after a reload). */
  'send-result': SendResult
  /** A queued message was given up (deadline passed, or refused by the server). */
  'send-failed': SendFailure
  /** The server is throttling this client's sends: the message waits `retryInMs` and goes again. */
  'rate-limited': RateLimitedSend
  /** Someone in a conversation started or stopped typing (ephemeral). */
  typing: TypingNotice
  /** A member read or received messages (ephemeral; direct conversations and small groups). */
  receipt: Receipt
  /**
   * A user-level notice: friend requests and answers, join requests, a message deleted for you on
   * another device, pin/mute changed on another device. (Member and system events of a
   * conversation are `notice`.)
   */
  'user-notice': UserNotice
  /** A user you subscribed to went online or offline (`client.presence.subscribe`). */
  presence: Presence
  /** An error not tied to a call: a connection-level error frame, a failed background pull, a store failure. */
  error: WarblerError
}
