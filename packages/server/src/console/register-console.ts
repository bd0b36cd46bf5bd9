import type { FastifyInstance } from 'fastify'
import { registerIpAllowlist } from '../compliance/ip-allowlist/ip-allowlist-hook.js'
import type { ServerContext } from '../server-context.js'
import { accountRoutes } from './account-routes.js'
import { appRoutes } from './app-routes.js'
import { registerAppApiProxy } from './app-api-proxy.js'
import { auditRoutes } from './audit-routes.js'
import { registerAuditHook } from './audit-hook.js'
import { registerConsoleRoutes, type ConsoleRoute } from './console-route.js'
import { registerDemoRoutes } from './demo-routes.js'
import { registerConsoleKnowledgeUpload } from './knowledge-upload-route.js'
import { overviewRoutes } from './overview-routes.js'
import { registerSessionRoutes } from './session-routes.js'
import { registerSsoRoutes } from './sso/sso-routes.js'
import { registerStartRoute } from './start-routes.js'

/** Every console route that goes through the session and role check (tests walk this list). */
export function consoleRoutes(context: ServerContext): ConsoleRoute[] {
  return [...accountRoutes(context), ...appRoutes(context), ...auditRoutes(context), ...overviewRoutes(context)]
}

/**
 * The server side of the console and the chat app's demo sign-in: sessions, accounts, apps, audit
 * log, analytics, the app API proxy, the audit hook on `/api/v1/apps...`, OpenID Connect sign-in
 * (`WARBLER_OIDC_*`), and the IP allowlists of the console and the admin API (first, so a refused
 * address reaches nothing else).
 */
export function registerConsole(fastify: FastifyInstance, context: ServerContext): void {
  registerIpAllowlist(fastify, context)
  registerAuditHook(fastify, context)
  registerSessionRoutes(fastify, context)
  registerSsoRoutes(fastify, context)
  registerStartRoute(fastify, context)
  registerConsoleRoutes(fastify, context, consoleRoutes(context))
  registerAppApiProxy(fastify, context)
  registerConsoleKnowledgeUpload(fastify, context)
  registerDemoRoutes(fastify, context)
}
