import type { FastifyInstance, FastifyRequest } from 'fastify'
import { WarblerError, errorCodeForIssue } from '@warbler/protocol'
import { z } from 'zod'
import type { AppRecord } from '../storage/storage.js'
import type { OperationDocs } from './openapi/operation-docs.js'

/** Who may call a route. */
export type RouteAuth = 'none' | 'operator' | 'app'

/** One REST route: its shapes (zod), used both to validate and to write the OpenAPI document. */
export interface RouteSpec<P extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  /** Fastify path syntax: `/api/v1/apps/:appId/users`. */
  url: string
  summary: string
  /** The resource group in the API document; derived from the URL when absent. */
  tag?: string
  auth: RouteAuth
  params?: P
  query?: Q
  body?: B
  response?: z.ZodType
  /** Success status; 200 unless given. */
  status?: number
  /** Extra facts for the API document (operationId, errors, examples, multipart); see {@link OperationDocs}. */
  openapi?: OperationDocs
  handler: (input: { params: z.infer<P>; query: z.infer<Q>; body: z.infer<B>; app: AppRecord | undefined; request: FastifyRequest }) => Promise<unknown>
}

/** Authenticates a request for a route; returns the app for app-secret routes. */
export type Authenticator = (request: FastifyRequest, auth: RouteAuth, appId: string | undefined) => Promise<AppRecord | undefined>

function parse<T extends z.ZodType>(schema: T | undefined, value: unknown, where: string): z.infer<T> {
  if (!schema) return undefined as z.infer<T>
  const result = schema.safeParse(value)
  if (result.success) return result.data
  const issue = result.error.issues[0]
  const path = issue?.path.join('.') || where
  throw new WarblerError(errorCodeForIssue(issue), `${path}: ${issue?.message ?? 'invalid'}`, {
    details: result.error.issues.slice(0, 10).map((entry) => ({ path: entry.path.join('.'), message: entry.message })),
  })
}

/** Defines a route with inferred types (an identity function for type inference). */
export function defineRoute<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(spec: RouteSpec<P, Q, B>): RouteSpec {
  return spec as unknown as RouteSpec
}

/** Registers routes on Fastify: authentication, validation, then the handler. */
export function registerRoutes(fastify: FastifyInstance, routes: readonly RouteSpec[], authenticate: Authenticator): void {
  for (const route of routes) {
    fastify.route({
      method: route.method,
      url: route.url,
      handler: async (request, reply) => {
        const rawParams = request.params as Record<string, string>
        const app = await authenticate(request, route.auth, rawParams.appId)
        const params = parse(route.params, rawParams, 'params')
        const query = parse(route.query, request.query, 'query')
        const body = parse(route.body, route.body ? (request.body ?? {}) : undefined, 'body')
        const result = await route.handler({ params, query, body, app, request })
        reply.code(route.status ?? 200)
        return result
      },
    })
  }
}
