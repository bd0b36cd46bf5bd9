import { ResourceId, UserId } from '@warbler/protocol'
import { z } from 'zod'
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
    webhookPayloads: Count, social: Count, memberships: Count, auditPersonal: Count, tokensRevoked: Count, sessionsClosed: Count, profile: Count,
  }),
})
const ChainHead = z.object({ seq: z.number().int(), ts: z.number().nullable(), mac: z.string() })

/** REST routes of compliance: the audit chain head, erasure, exports, retention and legal holds. */
export function complianceRoutes(context: ServerContext): RouteSpec[] {
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
      summary: 'Erase a user: messages become tombstones (seq kept), files, search rows, usage, tokens, sessions and pending webhook payloads go; a receipt with counts per store. Repeating it answers the same receipt.',
      tag: 'compliance',
      auth: 'app',
      params: UserParams,
      response: ErasureReceipt,
      handler: async ({ params }) => context.compliance.erasure.erase(params.appId, params.userId),
    }),
  ]
}
