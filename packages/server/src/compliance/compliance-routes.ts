import { z } from 'zod'
import { defineRoute, type RouteSpec } from '../http/route.js'
import type { ServerContext } from '../server-context.js'

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
  ]
}
