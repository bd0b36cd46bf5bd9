import type { FastifyInstance } from 'fastify'
import type { ServerContext } from '../server-context.js'
import { accountRoutes } from './account-routes.js'
import { appRoutes } from './app-routes.js'
import { registerAppApiProxy } from './app-api-proxy.js'
import { auditRoutes } from './audit-routes.js'
import { registerAuditHook } from './audit-hook.js'
import { registerConsoleRoutes, type ConsoleRoute } from './console-route.js'
import { registerDemoRoutes } from './demo-routes.js'
import { registerSessionRoutes } from './session-routes.js'

/** Every console route that goes through the session and role check (tests walk this list). */
export function consoleRoutes(context: ServerContext): ConsoleRoute[] {
  return [...accountRoutes(context), ...appRoutes(context), ...auditRoutes(context)]
}

/**
 * The server side of the console and the chat app's demo sign-in: sessions, accounts, apps, audit
 * log, analytics, the app API proxy, and the audit hook on `/api/v1/apps...`.
 */
export function registerConsole(fastify: FastifyInstance, context: ServerContext): void {
  registerAuditHook(fastify, context)
  registerSessionRoutes(fastify, context)
  registerConsoleRoutes(fastify, context, consoleRoutes(context))
  registerAppApiProxy(fastify, context)
  registerDemoRoutes(fastify, context)
}
