import { z } from 'zod'
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
