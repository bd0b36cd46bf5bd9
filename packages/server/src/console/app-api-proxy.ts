import type { FastifyInstance, FastifyRequest } from 'fastify'
import { WarblerError } from '@warbler/protocol'
import type { ServerContext } from '../server-context.js'
import { requireAccount, requireCsrfHeader } from './console-route.js'
import { appApiUrl, parseForwardedCall } from './forwarded-path.js'
import { APP_API_PREFIX, permissionForAppRoute, roleAllows } from './roles.js'

/**
 * `/api/v1/console/apps/:appId/api/*` → `/api/v1/apps/:appId/*`: lets a signed-in console user call
 * the app API routes of one app (users, groups, bots, knowledge bases, webhooks, ...) without the
 * app secret. JSON bodies only.
 *
 * How it is authorised, in three independent layers:
 * 1. The forwarded address is rebuilt from the raw request target, segment by segment, each
 *    validated and re-encoded (see {@link parseForwardedCall}); the real query string is forwarded
 *    on its own.
 * 2. The forwarded request carries a single-use grant for **that app and that account** (never the
 *    operator key): the authenticator accepts it only on app routes of that app.
 * 3. {@link registerAppApiGuard} checks the role on the route the router actually matched for the
 *    forwarded request, before its handler runs; an unknown route is 404.
 *
 * The audit log records the console account as the actor.
 */
export function registerAppApiProxy(fastify: FastifyInstance, context: ServerContext): void {
  registerAppApiGuard(fastify, context)
  fastify.route({
    method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    url: '/api/v1/console/apps/:appId/api/*',
    handler: async (request, reply) => {
      requireCsrfHeader(request)
      const account = await requireAccount(context, request)
      const call = parseForwardedCall(request.url)
      const grant = context.console.appGrants.issue({ appId: call.appId, accountEmail: account.email, role: account.role })
      const userAgent = request.headers['user-agent']
      try {
        const answer = await fastify.inject({
          method: request.method as 'GET',
          url: appApiUrl(call),
          headers: {
            authorization: `Bearer ${grant}`,
            ...(typeof userAgent === 'string' ? { 'user-agent': userAgent } : {}),
            ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          remoteAddress: request.ip,
          ...(request.body === undefined ? {} : { payload: JSON.stringify(request.body) }),
        })
        reply.code(answer.statusCode)
        const contentType = answer.headers['content-type']
        if (contentType) reply.header('content-type', contentType)
        // A refusal for too many calls says how long to wait, through the console as without it.
        const retryAfter = answer.headers['retry-after']
        if (retryAfter !== undefined) reply.header('retry-after', String(retryAfter))
        return reply.send(answer.rawPayload)
      } finally {
        context.console.appGrants.void(grant)
      }
    },
  })
}

/**
 * For every request that carries a console grant: claims it (single use), then, on the route the
 * router matched, refuses anything but an app API route of the grant's app (404) and anything the
 * account's role does not allow on that route (403). Runs before any handler.
 */
function registerAppApiGuard(fastify: FastifyInstance, context: ServerContext): void {
  fastify.addHook('onRequest', async (request: FastifyRequest) => {
    const principal = context.console.appGrants.claim(request)
    if (!principal) return
    const pattern = request.is404 ? undefined : request.routeOptions.url
    const appId = (request.params as Record<string, string | undefined> | undefined)?.appId
    if (!pattern?.startsWith(APP_API_PREFIX) || appId !== principal.appId) {
      throw new WarblerError('not_found', 'No such app API route.')
    }
    const permission = permissionForAppRoute(request.method, pattern)
    if (!roleAllows(principal.role, permission)) throw new WarblerError('forbidden', `The ${principal.role} role may not do this (needs ${permission}).`)
  })
}
