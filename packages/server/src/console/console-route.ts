import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { WarblerError } from '@warbler/protocol'
import { z } from 'zod'
import type { ServerContext } from '../server-context.js'
import type { ConsoleAccountView, RequestOrigin } from './console-service.js'
import { readCookie, SESSION_COOKIE } from './cookies.js'
import { roleAllows, type ConsolePermission } from './roles.js'

/** The header every mutating console request must carry (a cross-site form cannot set it). */
export const CSRF_HEADER = 'x-warbler-console'

/** What a console route handler gets. */
export interface ConsoleRouteInput<B = unknown> {
  account: ConsoleAccountView
  params: Record<string, string>
  query: Record<string, string | undefined>
  body: B
  origin: RequestOrigin
  request: FastifyRequest
  reply: FastifyReply
}

/** One console route: the permission it needs, and what to write in the audit log when it changes something. */
export interface ConsoleRoute<B = unknown> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  /** Below `/api/v1/console`. */
  url: string
  permission: ConsolePermission
  body?: z.ZodType<B>
  /** Audit action name; the entry is written after the handler succeeds. Mutating routes must name one. */
  audit?: { action: string; target?: (input: ConsoleRouteInput<B>, result: any) => string | null; appId?: (input: ConsoleRouteInput<B>) => string | null }
  handler: (input: ConsoleRouteInput<B>) => Promise<unknown>
}

/** Defines a console route with an inferred body type. */
export function defineConsoleRoute<B>(route: ConsoleRoute<B>): ConsoleRoute {
  return route as unknown as ConsoleRoute
}

/** Where a request came from. */
export function originOf(request: FastifyRequest): RequestOrigin {
  const userAgent = request.headers['user-agent']
  return { ip: request.ip ?? null, userAgent: typeof userAgent === 'string' ? userAgent.slice(0, 512) : null }
}

/** Refuses a mutating request without the console's custom header (CSRF defence). */
export function requireCsrfHeader(request: FastifyRequest): void {
  if (request.method === 'GET' || request.method === 'HEAD') return
  if (request.headers[CSRF_HEADER] !== '1') throw new WarblerError('forbidden', `Send the header ${CSRF_HEADER}: 1 with console changes.`)
}

/** The signed-in account of a request, or an `unauthenticated` error. */
export async function requireAccount(context: ServerContext, request: FastifyRequest): Promise<ConsoleAccountView> {
  const sessionId = readCookie(request.headers.cookie, SESSION_COOKIE)
  const session = sessionId ? await context.console.authenticate(sessionId) : undefined
  if (!session) throw new WarblerError('unauthenticated', 'Sign in to the console.')
  return session.account
}

/** Parses a body with zod into a `validation_failed` error. */
export function parseBody<B>(schema: z.ZodType<B> | undefined, value: unknown): B {
  if (!schema) return undefined as B
  const result = schema.safeParse(value ?? {})
  if (result.success) return result.data
  const issue = result.error.issues[0]
  throw new WarblerError('validation_failed', `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`)
}

/** Registers console routes: CSRF header, session, role check, body, handler, then the audit entry. */
export function registerConsoleRoutes(fastify: FastifyInstance, context: ServerContext, routes: readonly ConsoleRoute[]): void {
  for (const route of routes) {
    fastify.route({
      method: route.method,
      url: `/api/v1/console${route.url}`,
      handler: async (request, reply) => {
        requireCsrfHeader(request)
        const account = await requireAccount(context, request)
        if (!roleAllows(account.role, route.permission)) {
          throw new WarblerError('forbidden', `The ${account.role} role may not do this (needs ${route.permission}).`)
        }
        const input: ConsoleRouteInput = {
          account,
          params: request.params as Record<string, string>,
          query: request.query as Record<string, string | undefined>,
          body: parseBody(route.body, request.body),
          origin: originOf(request),
          request,
          reply,
        }
        const result = await route.handler(input)
        if (route.audit) {
          await context.console.audit({
            actorType: 'console',
            actorId: account.email,
            action: route.audit.action,
            appId: route.audit.appId?.(input) ?? input.params.appId ?? null,
            target: route.audit.target?.(input, result) ?? null,
            status: reply.statusCode,
            ...input.origin,
          })
        }
        return result
      },
    })
  }
}
