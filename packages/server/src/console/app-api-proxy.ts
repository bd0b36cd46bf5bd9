import type { FastifyInstance } from 'fastify'
import { WarblerError } from '@warbler/protocol'
import type { ServerContext } from '../server-context.js'
import { CONSOLE_ACTOR_HEADER } from './audit-hook.js'
import { requireAccount, requireCsrfHeader } from './console-route.js'
import { permissionForAppCall, roleAllows } from './roles.js'

/**
 * `/api/v1/console/apps/:appId/api/*` → `/api/v1/apps/:appId/*`: lets a signed-in console user call
 * any app API route (users, groups, bots, knowledge bases, webhooks, ...) without the app secret,
 * after checking their role. The call runs in-process with the operator key and is audited under
 * the console user's name. JSON bodies only.
 */
export function registerAppApiProxy(fastify: FastifyInstance, context: ServerContext): void {
  fastify.route({
    method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    url: '/api/v1/console/apps/:appId/api/*',
    handler: async (request, reply) => {
      requireCsrfHeader(request)
      const account = await requireAccount(context, request)
      const params = request.params as { appId: string; '*': string }
      const path = params['*'].replace(/^\/+/, '')
      const permission = permissionForAppCall(request.method, path)
      if (!roleAllows(account.role, permission)) throw new WarblerError('forbidden', `The ${account.role} role may not do this (needs ${permission}).`)
      const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : ''
      const userAgent = request.headers['user-agent']
      const answer = await fastify.inject({
        method: request.method as 'GET',
        url: `/api/v1/apps/${encodeURIComponent(params.appId)}/${path}${query}`,
        headers: {
          authorization: `Bearer ${context.operatorKey}`,
          [CONSOLE_ACTOR_HEADER]: `${context.console.internalNonce} ${account.email}`,
          ...(typeof userAgent === 'string' ? { 'user-agent': userAgent } : {}),
          ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        remoteAddress: request.ip,
        ...(request.body === undefined ? {} : { payload: JSON.stringify(request.body) }),
      })
      reply.code(answer.statusCode)
      const contentType = answer.headers['content-type']
      if (contentType) reply.header('content-type', contentType)
      return reply.send(answer.rawPayload)
    },
  })
}
