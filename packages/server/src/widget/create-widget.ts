import type { FastifyInstance } from 'fastify'
import { openAppBoxes } from '../compliance/keys/open-app-keyring.js'
import type { ServerContext } from '../server-context.js'
import { IdentitySecrets } from './identity-secrets.js'
import { registerWidgetAssets } from './widget-assets.js'
import { registerWidgetCors } from './widget-cors.js'
import { registerWidgetDemo } from './widget-demo-page.js'
import { widgetRoutes } from './widget-routes.js'
import { VisitorRateLimit } from './visitor-rate-limit.js'
import { VisitorService } from './visitor-service.js'
import type { RouteSpec } from '../http/route.js'

/**
 * The website widget on the server: its REST routes (to register with the others) and a function
 * that adds the rest to Fastify (CORS for the widget's calls, `/widget.js` and its panel, the demo page).
 * `WARBLER_WIDGET_RATE_LIMIT` sets visitor requests per address per 10 minutes (default 60).
 *
 * @example
 * ```ts
 * const widget = createWidget(context)
 * registerRoutes(fastify, [...otherRoutes, ...widget.routes], authenticate)
 * widget.register(fastify)
 * ```
 */
export function createWidget(context: ServerContext, env: NodeJS.ProcessEnv = process.env): { routes: RouteSpec[]; register(fastify: FastifyInstance): void } {
  const identitySecrets = new IdentitySecrets(context.storage.settings, context.boxes ?? openAppBoxes({ storage: context.storage, dataDir: context.config.dataDir, env }))
  const visitors = new VisitorService(context, identitySecrets)
  const configured = Number(env.WARBLER_WIDGET_RATE_LIMIT)
  const rateLimit = new VisitorRateLimit(Number.isInteger(configured) && configured > 0 ? { maxRequests: configured } : {})
  return {
    routes: widgetRoutes(context, { visitors, identitySecrets, rateLimit }),
    register(fastify) {
      registerWidgetCors(fastify, context.apps)
      registerWidgetAssets(fastify)
      registerWidgetDemo(fastify, context.config.dataDir)
    },
  }
}
