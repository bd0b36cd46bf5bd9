import { ConversationEvent, WEBHOOK_EVENT_TYPES } from '@warbler/protocol'
import { z } from 'zod'
import type { NamedSchemas } from './named-schemas.js'

const ConversationId = z.string().describe('The conversation the event is about.')

/**
 * The `data` of each webhook event type as the server sends it (`webhooks/event-data.ts` and the
 * services that emit). A type added to `WEBHOOK_EVENT_TYPES` without an entry here is still
 * described, with `data` as an open object.
 */
const EVENT_DATA: Readonly<Record<string, z.ZodType>> = {
  'message.created': z.object({ conversationId: ConversationId, message: ConversationEvent }),
  'message.edited': z.object({ conversationId: ConversationId, message: ConversationEvent }),
  'message.recalled': z.object({ conversationId: ConversationId, message: ConversationEvent }),
  'conversation.created': z.object({
    conversationId: ConversationId,
    kind: z.enum(['direct', 'group', 'system']),
    createdBy: z.string().nullable(),
    memberIds: z.array(z.string()),
  }),
  'member.joined': z.object({ conversationId: ConversationId, userIds: z.array(z.string()), by: z.string().nullable() }),
  'member.left': z.object({ conversationId: ConversationId, userIds: z.array(z.string()), by: z.string().nullable(), reason: z.enum(['left', 'removed', 'dissolved']) }),
  'user.created': z.object({ userId: z.string(), name: z.string(), kind: z.enum(['person', 'bot']), ext: z.record(z.string(), z.unknown()) }),
  'support.lead': z.object({
    userId: z.string(),
    name: z.string(),
    email: z.string().optional(),
    phone: z.string().optional(),
    siteUserId: z.string().optional(),
    origin: z.string().optional(),
    consent: z.boolean().optional(),
    conversationId: z.string().optional(),
    transcript: z.array(z.object({ seq: z.number().int(), ts: z.number().int(), senderId: z.string(), text: z.string() })),
  }),
  'support.handoff': z.object({ conversationId: ConversationId, customerId: z.string(), reason: z.string(), priority: z.string(), summary: z.string().optional(), team: z.string().optional() }),
  'support.assigned': z.object({ conversationId: ConversationId, assigneeId: z.string(), previousAssigneeId: z.string().optional() }),
  'support.resolved': z.object({ conversationId: ConversationId, resolvedAt: z.number().int().nullable(), assigneeId: z.string().optional() }),
  'support.csat': z.object({ conversationId: ConversationId, userId: z.string(), rating: z.number().int().min(1).max(5), comment: z.string().optional(), assigneeId: z.string().optional() }),
  'knowledge.source_synced': z.object({
    knowledgeBaseId: z.string(),
    sourceId: z.string(),
    runId: z.string(),
    status: z.enum(['done', 'failed']),
    error: z.string().optional(),
    added: z.number().int(),
    updated: z.number().int(),
    deleted: z.number().int(),
    unchanged: z.number().int(),
    failed: z.number().int(),
  }),
  'bot.feedback': z.object({
    id: z.string(),
    conversationId: ConversationId,
    seq: z.number().int().describe('The rated bot answer.'),
    userId: z.string(),
    rating: z.enum(['up', 'down']),
    reason: z.string().optional(),
    comment: z.string().optional(),
    botId: z.string().optional(),
    variantId: z.string().optional(),
    createdAt: z.number().int(),
  }),
  'support.sla_breached': z.object({ conversationId: ConversationId, target: z.string(), priority: z.string(), dueAt: z.number().int(), assigneeId: z.string().optional() }),
}

const SIGNATURE_HEADER = {
  name: 'Warbler-Signature',
  in: 'header',
  required: true,
  description:
    '`t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" keyed by the webhook secret>`. Verify it over the raw bytes before parsing, and refuse an old `t` (for example older than 5 minutes) so a captured delivery cannot be replayed (`verifyWebhookSignature` of `@warbler/sdk/server` does both).',
  schema: { type: 'string', pattern: '^t=\\d+,v1=[0-9a-f]{64}$' },
  example: 't=1765100000,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd',
}

const DELIVERY_HEADERS = [
  { name: 'Warbler-Event', in: 'header', required: true, description: 'The event id (the same on retries and replays): drop duplicates by it.', schema: { type: 'string' } },
  { name: 'Warbler-Event-Type', in: 'header', required: true, description: 'The event type, as in the body.', schema: { type: 'string' } },
  { name: 'Warbler-Delivery', in: 'header', required: true, description: 'This delivery (a replay gets a new one).', schema: { type: 'string' } },
]

function camel(type: string): string {
  return type
    .split(/[._]/)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('')
}

/**
 * The OpenAPI 3.1 `webhooks`: one per event type, each a POST Warbler makes to the subscribed URL
 * with the `Warbler-Signature` header and the event envelope `{ id, type, appId, createdAt, data }`.
 */
export function buildWebhooks(named: NamedSchemas): Record<string, unknown> {
  const webhooks: Record<string, unknown> = {}
  for (const type of WEBHOOK_EVENT_TYPES) {
    const data = EVENT_DATA[type] ?? z.record(z.string(), z.unknown())
    const envelope = z.object({
      id: z.string().describe('The event id: the same on retries and replays, so a receiver can drop duplicates.'),
      type: z.literal(type),
      appId: z.string(),
      createdAt: z.number().int().describe('Epoch milliseconds.'),
      data,
    })
    webhooks[type] = {
      post: {
        operationId: `on${camel(type)}`,
        summary: `The \`${type}\` event, POSTed to every webhook subscribed to it (or to \`*\`).`,
        tags: ['webhooks'],
        security: [],
        parameters: [SIGNATURE_HEADER, ...DELIVERY_HEADERS],
        requestBody: { required: true, content: { 'application/json': { schema: named.output(envelope) } } },
        responses: {
          '200': { description: 'Received. Any 2xx within 10 seconds acknowledges the delivery.' },
          '400': { description: 'Refused (for example a bad signature). Any other answer, or none in 10 seconds, is retried with backoff for up to 24 hours, and can be replayed with `replayWebhookDelivery`.' },
        },
      },
    }
  }
  return webhooks
}
