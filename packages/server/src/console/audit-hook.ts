import type { FastifyInstance, FastifyRequest } from 'fastify'
import { bearerToken, safeEqual } from '../auth/secrets.js'
import type { AuditActorType } from '../storage/console-store.js'
import type { ServerContext } from '../server-context.js'
import { originOf } from './console-route.js'

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/** Creations whose new id and name the audit entry keeps (`details.created`), so activity can say "created the bot Helper". Names of configuration, never of people. */
const NAMED_CREATIONS = new Set(['/api/v1/apps/:appId/bots', '/api/v1/apps/:appId/knowledge-bases', '/api/v1/apps/:appId/tools'])

/** The id and name of what a creation answered, when its JSON body has them. */
export function createdOf(payload: unknown): { id: string; name?: string } | undefined {
  if (typeof payload !== 'string' || payload.length > 100_000) return undefined
  try {
    const body = JSON.parse(payload) as { id?: unknown; name?: unknown }
    if (typeof body?.id !== 'string') return undefined
    return { id: body.id, ...(typeof body.name === 'string' ? { name: body.name.slice(0, 200) } : {}) }
  } catch {
    return undefined
  }
}

/**
 * Who made an app API request: a console account (through the proxy), the operator, a user with
 * their own token (a chat user uploading a file is that user, not the app), or the app's secret.
 */
export async function actorOf(context: ServerContext, request: FastifyRequest): Promise<{ actorType: AuditActorType; actorId: string | null }> {
  const principal = context.console.appGrants.principalOf(request)
  if (principal) return { actorType: 'console', actorId: principal.accountEmail }
  const token = bearerToken(request.headers.authorization)
  if (token && safeEqual(token, context.operatorKey)) return { actorType: 'operator', actorId: null }
  const appId = (request.params as Record<string, string> | undefined)?.appId
  // A JWT is a user token (app secrets and operator keys have no dots); the route already accepted
  // it, and verifying it again names the user from the signature, never from the unverified claims.
  if (token && token.split('.').length === 3) {
    const identity = await context.tokens.verify(token).catch(() => undefined)
    if (identity && (appId === undefined || identity.appId === appId)) return { actorType: 'user', actorId: identity.userId }
  }
  return { actorType: 'app-secret', actorId: appId ?? null }
}

/**
 * Records every successful change made through the app API (`/api/v1/apps...`): method, route
 * pattern, app, actor, status, IP and user agent. Never bodies, never secrets.
 */
export function registerAuditHook(fastify: FastifyInstance, context: ServerContext): void {
  const created = new WeakMap<FastifyRequest, { id: string; name?: string }>()
  fastify.addHook('onSend', async (request, reply, payload) => {
    if (request.method === 'POST' && reply.statusCode < 300 && NAMED_CREATIONS.has(request.routeOptions.url ?? '')) {
      const what = createdOf(payload)
      if (what) created.set(request, what)
    }
    return payload
  })
  fastify.addHook('onResponse', async (request, reply) => {
    if (!MUTATING.has(request.method) || reply.statusCode >= 400) return
    const pattern = request.routeOptions.url
    if (!pattern || !(pattern === '/api/v1/apps' || pattern.startsWith('/api/v1/apps/'))) return
    try {
      await context.console.audit({
        ...(await actorOf(context, request)),
        action: `${request.method} ${pattern}`,
        appId: (request.params as Record<string, string> | undefined)?.appId ?? null,
        target: request.url.split('?')[0] ?? null,
        status: reply.statusCode,
        ...(created.has(request) ? { details: { created: created.get(request) } } : {}),
        ...originOf(request),
      })
    } catch (error) {
      context.logger.error({ err: error }, 'audit entry not written')
    }
  })
}
