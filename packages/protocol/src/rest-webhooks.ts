import { z } from 'zod'
import { ResourceId } from './ids.js'
import { MessageBody } from './message-body.js'

/** Event types a webhook can subscribe to; `*` subscribes to all of them. */
export const WEBHOOK_EVENT_TYPES = [
  'message.created',
  'message.edited',
  'message.recalled',
  'conversation.created',
  'member.joined',
  'member.left',
  'user.created',
  /** Customer service (see docs/support.md): a hand-off, an assignment, a resolution, a rating, an SLA breach. */
  'support.handoff',
  'support.assigned',
  'support.resolved',
  'support.csat',
  'support.sla_breached',
  /** A website visitor filled in the widget's pre-chat form (contact details and the conversation so far). */
  'support.lead',
  /** A knowledge source finished a sync run (counts of added, updated, deleted, unchanged and failed documents). */
  'knowledge.source_synced',
  /** An end user or agent rated a bot answer 👍/👎 (see docs/evaluation.md); every rating is a new event. */
  'bot.feedback',
] as const

/** One webhook event type. */
export const WebhookEventType = z.enum(WEBHOOK_EVENT_TYPES)
/** A webhook event type. */
export type WebhookEventType = z.infer<typeof WebhookEventType>

/** What a webhook subscribes to: event types, or `*` for every type. */
export const WebhookEventFilter = z.union([WebhookEventType, z.literal('*')])

const OutboundUrl = z
  .string()
  .max(2048)
  .regex(/^https?:\/\//i, 'use an http:// or https:// URL')

/** `POST /api/v1/apps/{appId}/webhooks` (app secret). */
export const CreateWebhookRequest = z.object({
  url: OutboundUrl,
  events: z.array(WebhookEventFilter).min(1).max(WEBHOOK_EVENT_TYPES.length + 1),
  enabled: z.boolean().optional(),
})

/** `PATCH /api/v1/apps/{appId}/webhooks/{webhookId}` (app secret). */
export const UpdateWebhookRequest = z.object({
  url: OutboundUrl.optional(),
  events: z.array(WebhookEventFilter).min(1).max(WEBHOOK_EVENT_TYPES.length + 1).optional(),
  enabled: z.boolean().optional(),
})

/** A webhook as listed (the secret is shown only on create and rotate). */
export const Webhook = z.object({
  id: ResourceId,
  url: z.string(),
  events: z.array(z.string()),
  enabled: z.boolean(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
})

/** A webhook with its signing secret: answered by create and by secret rotation. */
export const WebhookWithSecret = Webhook.extend({ secret: z.string() })

/** Where a delivery stands. */
export const WebhookDeliveryStatus = z.enum(['pending', 'succeeded', 'failed'])

/** One delivery of an event to a webhook, with the outcome of its last attempt. */
export const WebhookDelivery = z.object({
  id: ResourceId,
  webhookId: ResourceId,
  eventId: ResourceId,
  type: z.string(),
  status: WebhookDeliveryStatus,
  attempts: z.number().int(),
  nextAttemptAt: z.number().int().nullable(),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  lastResponseMs: z.number().int().nullable(),
  /** The first 1 KB of the receiver's last answer. */
  lastResponseBody: z.string().nullable(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
})

/** Query of `GET /api/v1/apps/{appId}/webhooks/{webhookId}/deliveries`. */
export const WebhookDeliveryQuery = z.object({
  status: WebhookDeliveryStatus.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** A delivery id: the page after it (newest first). */
  after: z.string().max(64).optional(),
})

/**
 * The JSON body of every webhook delivery. `id` is the event id (the same on retries and replays, so
 * a receiver can drop duplicates); the `Warbler-Signature` header signs the raw body.
 */
export const WebhookEventPayload = z.object({
  id: z.string(),
  type: WebhookEventType,
  appId: z.string(),
  createdAt: z.number().int(),
  data: z.unknown(),
})

/** `PUT /api/v1/apps/{appId}/hooks/before-send` (app secret). */
export const PutBeforeSendHookRequest = z.object({
  url: OutboundUrl,
  timeoutMs: z.number().int().min(100).max(10_000).default(2000),
  failMode: z.enum(['open', 'closed']).default('open'),
  enabled: z.boolean().default(true),
  /** Make a new signing secret (the old one stops working at once). */
  rotateSecret: z.boolean().optional(),
})

/** The before-send hook of an app. `secret` is present only when it was just created or rotated. */
export const BeforeSendHook = z.object({
  url: z.string(),
  timeoutMs: z.number().int(),
  failMode: z.enum(['open', 'closed']),
  enabled: z.boolean(),
  updatedAt: z.number().int(),
  secret: z.string().optional(),
})

/** What the before-send hook receives: the message about to be stored. */
export const BeforeSendHookRequest = z.object({
  id: z.string(),
  type: z.literal('message.before-send'),
  appId: z.string(),
  createdAt: z.number().int(),
  data: z.object({ conversationId: z.string(), senderId: z.string(), body: MessageBody, ext: z.record(z.string(), z.unknown()).optional() }),
})

/** What the before-send hook answers: let the message through, refuse it, or replace its body. */
export const BeforeSendHookAnswer = z.discriminatedUnion('action', [
  z.object({ action: z.literal('allow') }),
  z.object({ action: z.literal('reject'), reason: z.string().max(500).optional() }),
  z.object({ action: z.literal('rewrite'), body: MessageBody }),
])
/** A parsed before-send answer. */
export type BeforeSendHookAnswer = z.infer<typeof BeforeSendHookAnswer>
