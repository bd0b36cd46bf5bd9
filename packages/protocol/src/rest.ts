import { z } from 'zod'
import { ClientMessageId, ResourceId, Seq, UserId } from './ids.js'
import { Ext, MessageBody, SafeUrl } from './message-body.js'
import { GroupSettings } from './models.js'

/** `POST /api/v1/apps` (operator key). */
export const CreateAppRequest = z.object({ name: z.string().trim().min(1).max(128) })
/** An app with its secret: the secret is shown only when the app is created or its secret rotated. */
export const AppWithSecret = z.object({ id: ResourceId, name: z.string(), secret: z.string() })
/** An app as listed. */
export const AppSummary = z.object({ id: ResourceId, name: z.string(), createdAt: z.number().int() })

/** `POST /api/v1/apps/{appId}/users` (app secret). */
export const CreateUserRequest = z.object({
  id: UserId.optional(),
  name: z.string().trim().min(1).max(128),
  kind: z.enum(['person', 'bot']).optional(),
  avatarUrl: SafeUrl.optional(),
  ext: Ext.optional(),
})

/** `PATCH /api/v1/apps/{appId}/users/{userId}` (app secret). */
export const UpdateUserRequest = z.object({
  name: z.string().trim().min(1).max(128).optional(),
  avatarUrl: SafeUrl.nullable().optional(),
  ext: Ext.optional(),
})

/** `POST /api/v1/apps/{appId}/users/{userId}/tokens` (app secret). */
export const CreateTokenRequest = z.object({
  ttlSeconds: z.number().int().min(60).max(365 * 24 * 3600).optional(),
})
/** A user token and when it expires (unix milliseconds). */
export const TokenResponse = z.object({ token: z.string(), expiresAt: z.number().int() })
/** `DELETE /api/v1/apps/{appId}/users/{userId}/tokens`: every token minted before now stops working. */
export const RevokeTokensResponse = z.object({ revoked: z.literal(true), tokenVersion: z.number().int() })

/** `POST /api/v1/apps/{appId}/groups` (app secret). */
export const CreateGroupRequest = z.object({
  name: z.string().trim().min(1).max(128),
  ownerId: UserId,
  memberIds: z.array(UserId).max(10_000).default([]),
  ext: Ext.optional(),
  /** Join mode, mute all, member limit, history visibility, announcement; the defaults for what is not given. */
  settings: GroupSettings.partial().optional(),
})

/** `POST /api/v1/apps/{appId}/messages` (app secret): send as any user, to a conversation or a peer. */
export const SendMessageRequest = z
  .object({
    from: UserId,
    conversationId: ResourceId.optional(),
    to: UserId.optional(),
    body: MessageBody,
    clientMsgId: ClientMessageId.optional(),
    ext: Ext.optional(),
  })
  .refine((value) => (value.conversationId === undefined) !== (value.to === undefined), {
    message: 'give exactly one of conversationId and to',
  })
/** The answer to a send. */
export const SendMessageResponse = z.object({
  conversationId: ResourceId,
  seq: Seq,
  ts: z.number().int(),
  duplicate: z.boolean(),
})

/** Query of `GET /api/v1/apps/{appId}/conversations/{conversationId}/messages`. */
export const HistoryQuery = z.object({
  afterSeq: z.coerce.number().int().min(0).optional(),
  beforeSeq: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
})

/** Query of list endpoints. */
export const ListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  after: z.string().max(256).optional(),
})

/** The error body every REST error has. */
export const ErrorResponse = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
})
