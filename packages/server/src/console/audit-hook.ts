import type { FastifyInstance, FastifyRequest } from 'fastify'
import { bearerToken, safeEqual } from '../auth/secrets.js'
import type { AuditActorType } from '../storage/console-store.js'
import type { ServerContext } from '../server-context.js'
import { originOf } from './console-route.js'

/** The header the console proxy sets on app API calls it makes for a signed-in user: `<nonce> <email>`. */
export const CONSOLE_ACTOR_HEADER = 'x-warbler-console-actor'

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/** Who made an app API request: a console user (through the proxy), the operator, or the app's secret. */
export function actorOf(context: ServerContext, request: FastifyRequest): { actorType: AuditActorType; actorId: string | null } {
  const marker = request.headers[CONSOLE_ACTOR_HEADER]
  if (typeof marker === 'string') {
    const space = marker.indexOf(' ')
    if (space > 0 && safeEqual(marker.slice(0, space), context.console.internalNonce)) return { actorType: 'console', actorId: marker.slice(space + 1) }
  }
  const token = bearerToken(request.headers.authorization)
  if (token && safeEqual(token, context.operatorKey)) return { actorType: 'operator', actorId: null }
  const appId = (request.params as Record<string, string> | undefined)?.appId
  return { actorType: 'app-secret', actorId: appId ?? null }
}

/**
 * Records every successful change made through the app API (`/api/v1/apps...`): method, route
 * pattern, app, actor, status, IP and user agent. Never bodies, never secrets.
 */
export function registerAuditHook(fastify: FastifyInstance, context: ServerContext): void {
  fastify.addHook('onResponse', async (request, reply) => {
    if (!MUTATING.has(request.method) || reply.statusCode >= 400) return
    const pattern = request.routeOptions.url
    if (!pattern || !(pattern === '/api/v1/apps' || pattern.startsWith('/api/v1/apps/'))) return
    try {
      await context.console.audit({
        ...actorOf(context, request),
        action: `${request.method} ${pattern}`,
        appId: (request.params as Record<string, string> | undefined)?.appId ?? null,
        target: request.url.split('?')[0] ?? null,
        status: reply.statusCode,
        ...originOf(request),
      })
    } catch (error) {
      context.logger.error({ err: error }, 'audit entry not written')
    }
  })
}
