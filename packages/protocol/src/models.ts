import { z } from 'zod'
import { PushSettings } from './push.js'
import { Ext, MessageBody } from './message-body.js'
import { ResourceId, Seq, UserId } from './ids.js'

/** A user of an app: a person or a bot. */
export const User = z.object({
  id: UserId,
  name: z.string(),
  kind: z.enum(['person', 'bot']),
  avatarUrl: z.string().nullable(),
  ext: Ext,
  createdAt: z.number().int(),
})
/** A user of an app: a person or a bot. */
export type User = z.infer<typeof User>

/** The role a member holds in a conversation. */
export const MemberRole = z.enum(['owner', 'admin', 'member'])
/** The role a member holds in a conversation. */
export type MemberRole = z.infer<typeof MemberRole>

/** A member of a conversation. */
export const Member = z.object({
  userId: UserId,
  role: MemberRole,
  joinedAt: z.number().int(),
})
/** A member of a conversation. */
export type Member = z.infer<typeof Member>

/** The kinds of conversation. */
export const ConversationKind = z.enum(['direct', 'group', 'system'])
/** The kinds of conversation. */
export type ConversationKind = z.infer<typeof ConversationKind>

/** A conversation as clients and app backends see it. */
export const Conversation = z.object({
  id: ResourceId,
  kind: ConversationKind,
  name: z.string().nullable(),
  ownerId: UserId.nullable(),
  lastSeq: Seq,
  memberCount: z.number().int(),
  /** Members, for direct conversations and small groups. */
  members: z.array(Member).optional(),
  ext: Ext,
  createdAt: z.number().int(),
  /** Group settings (see GroupSettings), for groups. */
  settings: z.record(z.string(), z.unknown()).optional(),
  /** When the group was dissolved, for dissolved groups. */
  dissolvedAt: z.number().int().optional(),
})
/** A conversation as clients and app backends see it. */
export type Conversation = z.infer<typeof Conversation>

/** What an event in a conversation's log is. */
export const EventKind = z.enum(['message', 'edit', 'recall', 'reaction', 'member', 'system'])
/** What an event in a conversation's log is. */
export type EventKind = z.infer<typeof EventKind>

/** The state of a message: final, or a bot reply still streaming. */
export const MessageStatus = z.enum(['final', 'streaming'])

/**
 * One entry of a conversation's event log. `seq` is gapless per conversation, starting at 1.
 * Edits, recalls and reactions point at the message they change with `targetSeq`.
 */
export const ConversationEvent = z.object({
  conversationId: ResourceId,
  seq: Seq,
  ts: z.number().int(),
  senderId: UserId,
  kind: EventKind,
  body: MessageBody.optional(),
  data: z.unknown().optional(),
  targetSeq: Seq.optional(),
  status: MessageStatus.optional(),
  clientMsgId: z.string().optional(),
  ext: Ext.optional(),
  /** The message this one replies to (quotes). */
  replyToSeq: Seq.optional(),
  /** For messages read back from history: when the message was last edited (its body is the edited one). */
  editedAt: z.number().int().optional(),
  /** For messages read back from history: when it was recalled (the body is gone). */
  recalledAt: z.number().int().optional(),
  /** For messages read back from history: emoji → user ids who reacted with it. */
  reactions: z.record(z.string(), z.array(z.string())).optional(),
  /** The reader deleted this message for themselves (the body is gone for them). */
  hidden: z.boolean().optional(),
})
/** One entry of a conversation's event log. */
export type ConversationEvent = z.infer<typeof ConversationEvent>

/** Where one conversation stands for one user, as the sync answer reports it. */
export const ConversationCursor = z.object({
  conversationId: ResourceId,
  kind: ConversationKind,
  lastSeq: Seq,
  readSeq: Seq,
})
/** Where one conversation stands for one user. */
export type ConversationCursor = z.infer<typeof ConversationCursor>

/** A page of history. */
export const HistoryPage = z.object({
  events: z.array(ConversationEvent),
  hasMore: z.boolean(),
})
/** A page of history. */
export type HistoryPage = z.infer<typeof HistoryPage>

/** An origin a widget may be embedded on: `https://shop.example.com` (scheme, host, optional port; no path). */
export const WidgetOrigin = z
  .string()
  .max(256)
  .regex(/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/, 'use an origin: http(s)://host[:port], no path')
  .transform((origin) => origin.toLowerCase())

/** The website widget's settings (`PATCH /settings { widget }`); see docs/widget.md. */
export const WidgetSettings = z.object({
  /** Pages on these origins may show the widget and create visitors; CORS answers only them. */
  allowedOrigins: z.array(WidgetOrigin).max(100).default([]),
  /** The support bot visitors talk to (a bot of this app). */
  botId: UserId.optional(),
  /** Look of the launcher and panel. */
  theme: z
    .object({
      color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'use a colour like #2563eb').default('#2563eb'),
      position: z.enum(['right', 'left']).default('right'),
      /** Greeting above the conversation, per locale (`en`, `zh-CN`). */
      greeting: z.object({ en: z.string().max(500).optional(), 'zh-CN': z.string().max(500).optional() }).default({}),
    })
    .default({ color: '#2563eb', position: 'right', greeting: {} }),
  /** Pre-chat form: fields asked before the first message (they fill the profile and fire `support.lead`). */
  preChat: z
    .object({
      enabled: z.boolean().default(false),
      fields: z.array(z.enum(['name', 'email', 'phone'])).max(3).default(['name', 'email']),
      consent: z.object({ en: z.string().max(1000).optional(), 'zh-CN': z.string().max(1000).optional() }).default({}),
    })
    .default({ enabled: false, fields: ['name', 'email'], consent: {} }),
  /** Refuse anonymous visitors: only identity-verified ones (userId + userHash) may chat. */
  requireIdentity: z.boolean().default(false),
})
/** The website widget's settings. */
export type WidgetSettings = z.infer<typeof WidgetSettings>

/** Per-app settings an app backend can change. */
export const AppSettings = z.object({
  /** Who may open a direct conversation with a user: anyone in the app, or only their friends. */
  directMessages: z.enum(['anyone', 'friends']).default('anyone'),
  /** Seconds after sending during which a sender may edit a message (0: never). */
  editWindowSeconds: z.number().int().min(0).max(365 * 24 * 3600).default(24 * 3600),
  /** Seconds after sending during which a sender may recall a message (admins may recall any). */
  recallWindowSeconds: z.number().int().min(0).max(365 * 24 * 3600).default(120),
  /** Default member limit of new groups. */
  maxGroupMembers: z.number().int().min(2).max(100_000).default(10_000),
  /** Words refused or masked before a message is stored (matched with Aho–Corasick, case-insensitive). */
  keywordFilter: z
    .object({ mode: z.enum(['block', 'mask']).default('block'), words: z.array(z.string().min(1).max(64)).max(10_000).default([]) })
    .default({ mode: 'block', words: [] }),
  /** Retention: days to keep messages and files (absent or null: forever); conversations may set their own. */
  retention: z
    .object({ messagesDays: z.number().int().min(1).max(36_500).nullable().optional(), filesDays: z.number().int().min(1).max(36_500).nullable().optional() })
    .optional(),
  /** The website widget (absent until configured). */
  widget: WidgetSettings.optional(),
  /** Push notifications: preview or privacy, texts per language, TTL, burst collapse. */
  push: PushSettings.optional(),
})
/** Per-app settings. */
export type AppSettings = z.infer<typeof AppSettings>

/** Group settings. */
export const GroupSettings = z.object({
  /** How users join: only when invited, by applying (an admin approves) or freely. */
  joinMode: z.enum(['invite', 'approval', 'open']).default('invite'),
  /** Only owner and admins may send. */
  muteAll: z.boolean().default(false),
  /** The most members the group may have. */
  maxMembers: z.number().int().min(2).max(100_000).default(10_000),
  /** Whether new members see messages sent before they joined. */
  historyVisibleToNewMembers: z.boolean().default(true),
  /** The group announcement. */
  announcement: z.string().max(4000).default(''),
  /** Whether members other than owner and admins may invite. */
  membersCanInvite: z.boolean().default(true),
})
/** Group settings. */
export type GroupSettings = z.infer<typeof GroupSettings>

/** One row of the user's conversation list. */
export const ConversationListItem = z.object({
  conversation: Conversation,
  /** Messages from others past the user's read position. */
  unreadCount: z.number().int(),
  readSeq: Seq,
  /** The last message (not edit/reaction), for the preview. */
  lastMessage: ConversationEvent.nullable(),
  lastActivityAt: z.number().int(),
  pinned: z.boolean(),
  muted: z.boolean(),
  role: MemberRole,
})
/** One row of the user's conversation list. */
export type ConversationListItem = z.infer<typeof ConversationListItem>

/** A friend request. */
export const FriendRequest = z.object({
  id: ResourceId,
  fromId: UserId,
  toId: UserId,
  message: z.string().nullable(),
  status: z.enum(['pending', 'accepted', 'declined']),
  createdAt: z.number().int(),
})
/** A friend request. */
export type FriendRequest = z.infer<typeof FriendRequest>

/** A friend, with the user's remark. */
export const Friend = z.object({ userId: UserId, remark: z.string().nullable(), createdAt: z.number().int() })
/** A friend, with the user's remark. */
export type Friend = z.infer<typeof Friend>

/** A request to join a group that needs approval. */
export const JoinRequest = z.object({
  id: ResourceId,
  conversationId: ResourceId,
  userId: UserId,
  message: z.string().nullable(),
  status: z.enum(['pending', 'accepted', 'declined']),
  createdAt: z.number().int(),
})
/** A request to join a group. */
export type JoinRequest = z.infer<typeof JoinRequest>

/** A search hit: the message and where it is. */
export const SearchHit = z.object({ conversationId: ResourceId, seq: Seq, senderId: UserId, ts: z.number().int(), event: ConversationEvent })
/** A search hit. */
export type SearchHit = z.infer<typeof SearchHit>

/** Presence of a user, across all their devices. */
export const Presence = z.object({ userId: UserId, online: z.boolean(), lastSeenAt: z.number().int().nullable(), devices: z.number().int() })
/** Presence of a user. */
export type Presence = z.infer<typeof Presence>

/** One connected device (session) of the user. */
export const Device = z.object({ sessionId: z.string(), deviceId: z.string().nullable(), connectedAt: z.number().int(), remoteAddress: z.string(), current: z.boolean() })
/** One connected device (session) of the user. */
export type Device = z.infer<typeof Device>
