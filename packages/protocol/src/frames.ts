import { z } from 'zod'
import { ClientMessageId, ResourceId, Seq, UserId } from './ids.js'
import { Ext, MessageBody } from './message-body.js'
import {
  Conversation,
  ConversationCursor,
  ConversationEvent,
  ConversationListItem,
  Device,
  Friend,
  FriendRequest,
  GroupSettings,
  HistoryPage,
  JoinRequest,
  Member,
  MemberRole,
  Presence,
  SearchHit,
} from './models.js'
import type { ErrorCode } from './error-codes.js'
import { PushRegisterFrame, PushUnregisterFrame } from './push.js'
import { SUPPORT_FRAMES, type SupportRequestResults } from './support.js'

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
  /** Quote/reply to this message of the same conversation. */
  replyToSeq: Seq.optional(),
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
 * A conversation missing from `cursors` counts as cursor 0, so it is reported when it has any event.
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


const Target = { conversationId: ResourceId, seq: Seq.min(1) }

/** Edit one of your own messages (within the app's edit window). */
export const EditFrame = z.object({ type: z.literal('message.edit'), id: RequestId, ...Target, body: MessageBody })
/** Recall a message: your own within the recall window; owners and admins any in their groups. */
export const RecallFrame = z.object({ type: z.literal('message.recall'), id: RequestId, ...Target })
/** Add (or with `remove`, take back) a reaction. The stored `reaction` event has `data: { emoji, remove? }`. */
export const ReactFrame = z.object({ type: z.literal('message.react'), id: RequestId, ...Target, emoji: z.string().min(1).max(32), remove: z.boolean().optional() })
/** Delete a message for yourself only (on all your devices). */
export const DeleteForMeFrame = z.object({ type: z.literal('message.delete'), id: RequestId, ...Target })
/** Forward a message you can read into another conversation you belong to. */
export const ForwardFrame = z.object({
  type: z.literal('message.forward'),
  id: RequestId,
  clientMsgId: ClientMessageId,
  fromConversationId: ResourceId,
  seq: Seq.min(1),
  toConversationId: ResourceId,
})
/** Full-text search over the messages you can see. */
export const SearchFrame = z.object({
  type: z.literal('message.search'),
  id: RequestId,
  query: z.string().min(1).max(200),
  conversationId: ResourceId.optional(),
  senderId: UserId.optional(),
  fromTs: z.number().int().optional(),
  toTs: z.number().int().optional(),
  limit: z.number().int().min(1).max(100).optional(),
})
/** How many members have read (and received) a message. */
export const ReceiptsFrame = z.object({ type: z.literal('message.receipts'), id: RequestId, ...Target })
/** The client has received everything up to `seq` (delivered state). */
export const DeliveredFrame = z.object({ type: z.literal('delivered'), id: RequestId.optional(), conversationId: ResourceId, seq: Seq })
/** Typing indicator: sent while typing (`active: true`) and when stopping. */
export const TypingFrame = z.object({ type: z.literal('typing'), conversationId: ResourceId, active: z.boolean() })

/** The user's conversations by last activity (pinned first), with previews and unread counts. */
export const ListConversationsFrame = z.object({
  type: z.literal('conversation.list'),
  id: RequestId,
  limit: z.number().int().min(1).max(200).optional(),
  /** Continue after this activity time (from the previous page's last item). */
  beforeActivityAt: z.number().int().optional(),
})
/** Per-user settings of a conversation: pin and mute notifications. */
export const ConversationSettingsFrame = z.object({
  type: z.literal('conversation.settings'),
  id: RequestId,
  conversationId: ResourceId,
  pinned: z.boolean().optional(),
  muted: z.boolean().optional(),
})

const GroupTarget = { id: RequestId, conversationId: ResourceId }
/** Create a group you own. */
export const GroupCreateFrame = z.object({
  type: z.literal('group.create'),
  id: RequestId,
  name: z.string().trim().min(1).max(128),
  memberIds: z.array(UserId).max(1000).default([]),
  settings: GroupSettings.partial().optional(),
})
/** Change a group's name or settings (owner and admins). */
export const GroupUpdateFrame = z.object({ type: z.literal('group.update'), ...GroupTarget, name: z.string().trim().min(1).max(128).optional(), settings: GroupSettings.partial().optional() })
/** Add members (owner and admins; members too when the group allows it). */
export const GroupInviteFrame = z.object({ type: z.literal('group.invite'), ...GroupTarget, userIds: z.array(UserId).min(1).max(1000) })
/** Remove members (owner removes anyone; admins remove members). */
export const GroupRemoveFrame = z.object({ type: z.literal('group.remove'), ...GroupTarget, userIds: z.array(UserId).min(1).max(1000) })
/** Leave a group (an owner transfers ownership first). */
export const GroupLeaveFrame = z.object({ type: z.literal('group.leave'), ...GroupTarget })
/** Hand the group to another member (owner only). */
export const GroupTransferFrame = z.object({ type: z.literal('group.transfer'), ...GroupTarget, userId: UserId })
/** Dissolve the group (owner only): nobody can send any more; history stays readable. */
export const GroupDissolveFrame = z.object({ type: z.literal('group.dissolve'), ...GroupTarget })
/** Make a member an admin or a plain member (owner only). */
export const GroupSetRoleFrame = z.object({ type: z.literal('group.set-role'), ...GroupTarget, userId: UserId, role: z.enum(['admin', 'member']) })
/** Mute a member for a while (0 unmutes); owner and admins. */
export const GroupMuteMemberFrame = z.object({ type: z.literal('group.mute-member'), ...GroupTarget, userId: UserId, durationSeconds: z.number().int().min(0).max(365 * 24 * 3600) })
/** A page of members. */
export const GroupMembersFrame = z.object({ type: z.literal('group.members'), ...GroupTarget, after: UserId.optional(), limit: z.number().int().min(1).max(1000).optional() })
/** Join an open group, or apply to one that needs approval. */
export const GroupJoinFrame = z.object({ type: z.literal('group.join'), ...GroupTarget, message: z.string().max(500).optional() })
/** Pending join requests of a group (owner and admins). */
export const GroupJoinRequestsFrame = z.object({ type: z.literal('group.join-requests'), ...GroupTarget })
/** Accept or decline a join request (owner and admins). */
export const GroupDecideJoinFrame = z.object({ type: z.literal('group.decide-join'), ...GroupTarget, requestId: ResourceId, accept: z.boolean() })

/** Ask someone to be your friend. */
export const FriendRequestFrame = z.object({ type: z.literal('friend.request'), id: RequestId, userId: UserId, message: z.string().max(500).optional() })
/** Accept or decline a friend request sent to you. */
export const FriendRespondFrame = z.object({ type: z.literal('friend.respond'), id: RequestId, requestId: ResourceId, accept: z.boolean() })
/** Your friends. */
export const FriendListFrame = z.object({ type: z.literal('friend.list'), id: RequestId })
/** Pending friend requests, to you and from you. */
export const FriendRequestsFrame = z.object({ type: z.literal('friend.requests'), id: RequestId })
/** Stop being friends. */
export const FriendRemoveFrame = z.object({ type: z.literal('friend.remove'), id: RequestId, userId: UserId })
/** Set your remark (note) for a friend. */
export const FriendRemarkFrame = z.object({ type: z.literal('friend.remark'), id: RequestId, userId: UserId, remark: z.string().max(128).nullable() })
/** Block a user: they can no longer message you directly. */
export const BlockAddFrame = z.object({ type: z.literal('block.add'), id: RequestId, userId: UserId })
/** Unblock a user. */
export const BlockRemoveFrame = z.object({ type: z.literal('block.remove'), id: RequestId, userId: UserId })
/** Users you blocked. */
export const BlockListFrame = z.object({ type: z.literal('block.list'), id: RequestId })

/** Presence of friends and conversation peers (others are refused). */
export const PresenceQueryFrame = z.object({ type: z.literal('presence.query'), id: RequestId, userIds: z.array(UserId).min(1).max(200) })
/** Get `presence` frames when these users (friends and peers only) go online or offline; replaces the previous subscription. */
export const PresenceSubscribeFrame = z.object({ type: z.literal('presence.subscribe'), id: RequestId, userIds: z.array(UserId).max(200) })
/** Your connected devices. */
export const DeviceListFrame = z.object({ type: z.literal('device.list'), id: RequestId })
/** Disconnect one of your devices. */
export const DeviceKickFrame = z.object({ type: z.literal('device.kick'), id: RequestId, sessionId: z.string().min(1).max(64) })

/** Stop a bot's streaming reply (message `seq`); the bot finalises it with the text so far and `ext.cancelled: true`. */
export const BotCancelFrame = z.object({ type: z.literal('bot.cancel'), id: RequestId.optional(), conversationId: ResourceId, seq: Seq })

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
  EditFrame,
  RecallFrame,
  ReactFrame,
  DeleteForMeFrame,
  ForwardFrame,
  SearchFrame,
  ReceiptsFrame,
  DeliveredFrame,
  TypingFrame,
  ListConversationsFrame,
  ConversationSettingsFrame,
  GroupCreateFrame,
  GroupUpdateFrame,
  GroupInviteFrame,
  GroupRemoveFrame,
  GroupLeaveFrame,
  GroupTransferFrame,
  GroupDissolveFrame,
  GroupSetRoleFrame,
  GroupMuteMemberFrame,
  GroupMembersFrame,
  GroupJoinFrame,
  GroupJoinRequestsFrame,
  GroupDecideJoinFrame,
  FriendRequestFrame,
  FriendRespondFrame,
  FriendListFrame,
  FriendRequestsFrame,
  FriendRemoveFrame,
  FriendRemarkFrame,
  BlockAddFrame,
  BlockRemoveFrame,
  BlockListFrame,
  PresenceQueryFrame,
  PresenceSubscribeFrame,
  DeviceListFrame,
  DeviceKickFrame,
  BotCancelFrame,
  PushRegisterFrame,
  PushUnregisterFrame,
  ...SUPPORT_FRAMES,
])
/** Every frame a client may send. */
export type ClientFrame = z.infer<typeof ClientFrame>
/** The `type` of a client frame. */
export type ClientFrameType = ClientFrame['type']
/** The frame types a client may send, for quick checks before full validation. */
export const CLIENT_FRAME_TYPES: ReadonlySet<string> = new Set(ClientFrame.options.map((o) => o.shape.type.value))

/** What each request frame's `result` carries (customer service: {@link SupportRequestResults}). */
export interface RequestResults extends SupportRequestResults {
  'conversation.open-direct': Conversation
  'conversation.get': Conversation
  sync: { conversations: ConversationCursor[] }
  history: HistoryPage
  read: { conversationId: string; readSeq: number }
  'message.edit': { seq: number }
  'message.recall': { seq: number }
  'message.react': { seq: number }
  'message.delete': { conversationId: string; seq: number }
  'message.forward': { conversationId: string; seq: number; ts: number; duplicate: boolean }
  'message.search': { hits: SearchHit[] }
  'message.receipts': { seq: number; members: number; read: number; delivered: number; readers?: string[] }
  delivered: { conversationId: string; deliveredSeq: number }
  'conversation.list': { items: ConversationListItem[]; hasMore: boolean }
  'conversation.settings': { conversationId: string; pinned: boolean; muted: boolean }
  'group.create': Conversation
  'group.update': Conversation
  'group.invite': { added: string[]; requested?: string[] }
  'group.remove': { removed: string[] }
  'group.leave': { conversationId: string }
  'group.transfer': Conversation
  'group.dissolve': Conversation
  'group.set-role': Member
  'group.mute-member': { userId: string; mutedUntil: number | null }
  'group.members': { members: Member[]; next: string | null }
  'group.join': { joined: boolean; requestId?: string }
  'group.join-requests': { requests: JoinRequest[] }
  'group.decide-join': JoinRequest
  'friend.request': FriendRequest
  'friend.respond': FriendRequest
  'friend.list': { friends: Friend[] }
  'friend.requests': { incoming: FriendRequest[]; outgoing: FriendRequest[] }
  'friend.remove': { userId: string }
  'friend.remark': Friend
  'block.add': { userId: string }
  'block.remove': { userId: string }
  'block.list': { userIds: string[] }
  'presence.query': { presence: Presence[] }
  'presence.subscribe': { userIds: string[] }
  'device.list': { devices: Device[] }
  'device.kick': { sessionId: string }
  /** `cancelled`: the reply was streaming on the node that took the frame (else the request was forwarded to the cluster). */
  'bot.cancel': { conversationId: string; seq: number; cancelled: boolean }
  'push.register': { deviceId: string; provider: string }
  'push.unregister': { deviceId: string; removed: boolean }
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

/** Someone in the conversation started or stopped typing (ephemeral). */
export interface TypingNoticeFrame {
  type: 'typing'
  conversationId: string
  userId: string
  active: boolean
}

/** A member's read or delivered position moved (ephemeral; direct conversations and small groups). */
export interface ReceiptFrame {
  type: 'receipt'
  conversationId: string
  userId: string
  readSeq?: number
  deliveredSeq?: number
}

/** A user-level notice: something for this user that is not a conversation event. */
export interface NoticeFrame {
  type: 'notice'
  kind: 'friend-request' | 'friend-accepted' | 'friend-removed' | 'join-request' | 'message-hidden' | 'conversation-settings'
  data: Record<string, unknown>
}

/** A subscribed user went online or offline. */
export type PresenceFrame = { type: 'presence' } & Presence

/** Every frame the server may send. */
export type ServerFrame =
  | TypingNoticeFrame
  | ReceiptFrame
  | NoticeFrame
  | PresenceFrame
  | WelcomeFrame
  | AckFrame
  | ResultFrame
  | ErrorFrame
  | EventFrame
  | MessageDeltaFrame
  | PongFrame
  | ReconnectFrame

export { CLOSE_CODES } from './close-codes.js'
