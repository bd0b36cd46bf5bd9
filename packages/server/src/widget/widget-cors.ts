import type { FastifyInstance } from 'fastify'
import type { AppService } from '../domain/app-service.js'
import { originOf, widgetFor } from './widget-origin.js'

/**
 * App API paths a widget calls from the host page: its config, visitors, the lead form, CSAT, file
 * uploads, answers to a bot's tool confirmations, 👍/👎 on the bot's answers, and the VAPID key for browser notifications.
 */
const WIDGET_API = /^\/api\/v1\/apps\/([A-Za-z0-9_-]{1,64})\/(widget|widget\/availability|visitors|visitors\/lead|visitors\/csat|files|files\/[^/]+\/url|tool-calls\/[^/]+\/decision|conversations\/[^/]+\/messages\/\d+\/feedback|push\/vapid-public-key)$/

/**
 * CORS for the widget's API calls: an origin in the app's `widget.allowedOrigins` is echoed back
 * (with `Vary: Origin`), preflights are answered here; any other origin gets no CORS headers, so the
 * browser keeps the answer from the page. Other API paths never answer cross-origin requests.
 */
export function registerWidgetCors(fastify: FastifyInstance, apps: Pick<AppService, 'settings'>): void {
  fastify.addHook('onRequest', async (request, reply) => {
    const match = WIDGET_API.exec(request.url.split('?')[0] ?? '')
    if (!match) return
    const origin = originOf(request.headers)
    if (!origin) return
    reply.header('vary', 'Origin')
    const allowed = (await widgetFor(apps, match[1]!, origin)) !== undefined
    if (allowed) reply.header('access-control-allow-origin', origin)
    if (request.method !== 'OPTIONS') return
    if (allowed) {
      reply.header('access-control-allow-methods', 'GET, POST')
      reply.header('access-control-allow-headers', 'authorization, content-type')
      reply.header('access-control-max-age', '600')
    }
    await reply.code(allowed ? 204 : 403).send()
  })
}
