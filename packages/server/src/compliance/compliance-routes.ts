import { ResourceId, UserId } from '@warbler/protocol'
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { listPage, listSchema } from '../http/list-envelope.js'
import { defineRoute, type RouteSpec } from '../http/route.js'
import type { ServerContext } from '../server-context.js'

const UserParams = z.object({ appId: ResourceId, userId: UserId })
const Count = z.number().int()
const ErasureReceipt = z.object({
  userId: z.string(),
  pseudonym: z.string(),
  erasedAt: z.number(),
  repeated: z.boolean(),
  counts: z.object({
    messages: Count, otherEvents: Count, forwardedCopies: Count, searchRows: Count, mentions: Count, files: Count, usage: Count,
    webhookPayloads: Count, social: Count, redactionStates: Count, toolCalls: Count, supportRecords: Count, supportNotes: Count, push: Count, memberships: Count, auditPersonal: Count, tokensRevoked: Count, sessionsClosed: Count, profile: Count,
  }),
})
const ExportParams = z.object({ appId: ResourceId, exportId: ResourceId })
const ExportStatus = z.object({
  id: z.string(),
  userId: z.string(),
  status: z.enum(['queued', 'running', 'ready', 'failed']),
  createdAt: z.number(),
  expiresAt: z.number().optional(),
  url: z.string().optional(),
  error: z.string().optional(),
})
const ConversationParams = z.object({ appId: ResourceId, conversationId: ResourceId })
const Days = z.number().int().min(1).max(36_500).nullable()
const ConversationRetention = z.object({ messagesDays: Days, filesDays: Days })
const HoldParams = z.object({ appId: ResourceId, kind: z.enum(['user', 'conversation']), targetId: z.string().min(1).max(128) })
const LegalHold = z.object({ kind: z.enum(['user', 'conversation']), targetId: z.string(), reason: z.string().nullable(), createdAt: z.number() })
const ChainHead = z.object({ seq: z.number().int(), ts: z.number().nullable(), mac: z.string() })

/** REST routes of compliance: the audit chain head, erasure, exports, retention and legal holds. */
export function complianceRoutes(context: ServerContext): RouteSpec[] {
  const compliance = () => context.storage.compliance!
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/audit/head',
      summary: 'The head of the tamper-evident audit chain (seq and HMAC), to anchor it elsewhere.',
      tag: 'compliance',
      auth: 'operator',
      response: ChainHead,
      handler: async () => context.compliance.chain.head(),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/apps/:appId/users/:userId/erase',
      summary: 'Erase a user: messages become tombstones (seq kept), files, search rows, usage, tokens, sessions and webhook payloads go; a receipt with counts per store. Repeating it answers the same receipt; a legal hold on the user or one of their conversations refuses it (409).',
      tag: 'compliance',
      auth: 'app',
      params: UserParams,
      response: ErasureReceipt,
      handler: async ({ params }) => context.compliance.erasure.erase(params.appId, params.userId),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/apps/:appId/users/:userId/export',
      summary: 'Export everything about a user (profile, messages as they saw them, files, contacts, bot usage) as a job; its status gives an expiring zip URL.',
      tag: 'compliance',
      auth: 'app',
      params: UserParams,
      response: z.object({ id: z.string(), status: z.literal('queued') }),
      status: 202,
      handler: async ({ params }) => context.compliance.exports.request(params.appId, params.userId),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/apps/:appId/exports/:exportId',
      summary: 'The status of an export; `url` (signed, expiring) once it is ready.',
      tag: 'compliance',
      auth: 'app',
      params: ExportParams,
      response: ExportStatus,
      handler: async ({ params }) => context.compliance.exports.status(params.appId, params.exportId),
    }),
    defineRoute({
      method: 'PUT',
      url: '/api/v1/apps/:appId/conversations/:conversationId/retention',
      summary: 'Set the retention of one conversation (days to keep messages and files; null falls back to the app settings).',
      tag: 'compliance',
      auth: 'app',
      params: ConversationParams,
      body: z.object({ messagesDays: Days.optional(), filesDays: Days.optional() }),
      response: ConversationRetention,
      handler: async ({ params, body }) => {
        await context.conversations.require(params.appId, params.conversationId)
        const policy = { messagesDays: body.messagesDays ?? null, filesDays: body.filesDays ?? null }
        await compliance().putPolicy({ appId: params.appId, conversationId: params.conversationId, ...policy, updatedAt: Date.now() })
        return policy
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/apps/:appId/conversations/:conversationId/retention',
      summary: 'The retention set on one conversation (null: the app settings apply).',
      tag: 'compliance',
      auth: 'app',
      params: ConversationParams,
      response: ConversationRetention,
      handler: async ({ params }) => {
        await context.conversations.require(params.appId, params.conversationId)
        const policy = await compliance().getPolicy(params.appId, params.conversationId)
        return { messagesDays: policy?.messagesDays ?? null, filesDays: policy?.filesDays ?? null }
      },
    }),
    defineRoute({
      method: 'PUT',
      url: '/api/v1/apps/:appId/legal-holds/:kind/:targetId',
      summary: 'Put a user or a conversation on legal hold: retention purges nothing it covers until the hold is lifted.',
      tag: 'compliance',
      auth: 'app',
      params: HoldParams,
      body: z.object({ reason: z.string().max(500).optional() }),
      response: LegalHold,
      handler: async ({ params, body }) => {
        if (params.kind === 'user') await context.users.require(params.appId, params.targetId)
        else await context.conversations.require(params.appId, params.targetId)
        const hold = { appId: params.appId, kind: params.kind, targetId: params.targetId, reason: body.reason ?? null, createdAt: Date.now() }
        await compliance().putHold(hold)
        return { kind: hold.kind, targetId: hold.targetId, reason: hold.reason, createdAt: hold.createdAt }
      },
    }),
    defineRoute({
      method: 'DELETE',
      url: '/api/v1/apps/:appId/legal-holds/:kind/:targetId',
      summary: 'Lift a legal hold.',
      tag: 'compliance',
      auth: 'app',
      params: HoldParams,
      response: z.object({ lifted: z.boolean() }),
      handler: async ({ params }) => ({ lifted: await compliance().deleteHold(params.appId, params.kind, params.targetId) }),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/apps/:appId/legal-holds',
      summary: 'The legal holds of the app.',
      tag: 'compliance',
      auth: 'app',
      params: z.object({ appId: ResourceId }),
      response: listSchema(LegalHold, { legacyKey: 'holds' }),
      handler: async ({ params }) =>
        listPage((await compliance().listHolds(params.appId)).map((hold) => ({ kind: hold.kind, targetId: hold.targetId, reason: hold.reason, createdAt: hold.createdAt })), null, 'holds'),
    }),
  ]
}

/** The download of a ready export: authorised by its signed URL alone (it can be handed to the user). */
export function registerExportDownload(fastify: FastifyInstance, context: ServerContext): void {
  fastify.get('/api/v1/apps/:appId/exports/:exportId/download', async (request, reply) => {
    const { appId, exportId } = request.params as { appId: string; exportId: string }
    const query = request.query as { expires?: string; signature?: string }
    const { bytes, filename } = await context.compliance.exports.download(appId, exportId, Number(query.expires), String(query.signature ?? ''))
    reply.header('content-type', 'application/zip')
    reply.header('content-disposition', `attachment; filename="${filename.replace(/[^\w.-]/g, '_')}"`)
    reply.header('cache-control', 'no-store')
    return reply.send(bytes)
  })
}
