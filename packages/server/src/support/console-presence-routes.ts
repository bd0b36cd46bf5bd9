import type { FastifyRequest } from 'fastify'
import { ResourceId, UserId, WarblerError } from '@warbler/protocol'
import { z } from 'zod'
import { defineRoute } from '../http/route.js'
import type { ServerContext } from '../server-context.js'

const LeaseParams = z.object({ appId: ResourceId, userId: UserId, windowId: ResourceId })
const Lease = z.object({ userId: z.string(), windowId: z.string(), expiresAt: z.number(), renewAfterMs: z.number() })

/**
 * The console inbox's presence for the agent it works as (docs/decisions.md "A console inbox counts
 * as the agent's connected session"): only through the console's app API proxy (the app secret and
 * user tokens are refused — a backend or a user connects a WebSocket instead), only for an agent
 * user of that app, and each lease is bound to the console account and one browser window.
 */
export function consolePresenceRoutes(context: ServerContext) {
  const { support } = context
  const tag = 'support'
  const consoleAccount = (request: FastifyRequest): string => {
    const principal = context.console.appGrants.principalOf(request)
    if (!principal) throw new WarblerError('forbidden', 'Only the web console’s inbox holds an agent’s console presence; connect a WebSocket session with a user token instead.')
    return principal.accountEmail
  }
  const requireAgent = async (appId: string, userId: string) => {
    if (!(await support.service.isAgent(appId, userId))) throw new WarblerError('not_found', `${userId} is not an agent.`)
  }
  return [
    defineRoute({
      method: 'PUT', url: '/api/v1/apps/:appId/agents/:userId/console-presence/:windowId',
      summary: 'The console inbox window working as this agent is open: the agent counts as connected until the lease runs out (renew it).', tag, auth: 'app',
      params: LeaseParams, response: Lease,
      handler: async ({ params, request }) => {
        const account = consoleAccount(request)
        await requireAgent(params.appId, params.userId)
        const before = await support.service.isConnected(params.appId, params.userId)
        const lease = await support.consoles.hold(params.appId, params.userId, account, params.windowId)
        // The agent just became connected: what waits in the queue may go to them now.
        if (!before) support.service.onCapacity(params.appId)
        return lease
      },
    }),
    defineRoute({
      method: 'DELETE', url: '/api/v1/apps/:appId/agents/:userId/console-presence/:windowId',
      summary: 'The console inbox window working as this agent closed: it no longer counts as the agent’s connected session.', tag, auth: 'app',
      params: LeaseParams, response: z.object({ released: z.literal(true) }),
      handler: async ({ params, request }) => {
        const account = consoleAccount(request)
        await support.consoles.release(params.appId, params.userId, account, params.windowId)
        return { released: true as const }
      },
    }),
  ]
}
