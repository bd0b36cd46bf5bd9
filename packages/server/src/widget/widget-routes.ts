import { ResourceId, WarblerError } from '@warbler/protocol'
import { z } from 'zod'
import { bearerToken } from '../auth/secrets.js'
import { defineRoute, type RouteSpec } from '../http/route.js'
import type { ServerContext } from '../server-context.js'
import type { IdentitySecrets } from './identity-secrets.js'
import { widgetAvailability } from './widget-availability.js'
import { pageOriginOf, requireWidgetOrigin } from './widget-origin.js'
import { CsatFromVisitor, LeadRequest, VisitorRequest, VisitorResponse } from './visitor-requests.js'
import { isVisitorId } from './visitor-ids.js'
import type { VisitorRateLimit } from './visitor-rate-limit.js'
import type { VisitorService } from './visitor-service.js'

const AppParams = z.object({ appId: ResourceId })


/** What a page on an allowed origin learns before any visitor exists: how the launcher and panel look. */
const PublicWidgetConfig = z.object({
  theme: z.object({ color: z.string(), position: z.enum(['right', 'left']), greeting: z.record(z.string(), z.string()) }),
  preChat: z.object({ enabled: z.boolean(), fields: z.array(z.string()), consent: z.record(z.string(), z.string()) }),
  requireIdentity: z.boolean(),
  bot: z.object({ id: z.string(), name: z.string() }).nullable(),
})

/** The widget's REST routes: public config, visitors, the pre-chat lead, the identity secret. */
export function widgetRoutes(context: ServerContext, widget: { visitors: VisitorService; identitySecrets: IdentitySecrets; rateLimit: VisitorRateLimit }): RouteSpec[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/apps/:appId/widget',
      summary: 'The website widget’s look (public, only for pages on the app’s widget.allowedOrigins).',
      tag: 'widget',
      auth: 'none',
      params: AppParams,
      response: PublicWidgetConfig,
      handler: async ({ params, request }) => {
        const settings = await requireWidgetOrigin(context.apps, params.appId, pageOriginOf(request))
        const bot = settings.botId ? await context.storage.users.get(params.appId, settings.botId) : undefined
        return {
          theme: settings.theme,
          preChat: settings.preChat,
          requireIdentity: settings.requireIdentity,
          bot: bot && bot.kind === 'bot' ? { id: bot.id, name: bot.name } : null,
        }
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/apps/:appId/widget/availability',
      summary: 'Whether an agent can answer now and when the business hours open next (public, only for the app’s widget.allowedOrigins).',
      tag: 'widget',
      auth: 'none',
      params: AppParams,
      response: z.object({ agentsAvailable: z.boolean(), open: z.boolean(), nextOpenAt: z.number().int().nullable() }),
      handler: async ({ params, request }) => {
        await requireWidgetOrigin(context.apps, params.appId, pageOriginOf(request))
        return widgetAvailability(context, params.appId)
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/apps/:appId/visitors',
      summary:
        'Start or resume a website visitor (public, rate-limited per address, only from the app’s widget.allowedOrigins): anonymous, the same anonymous visitor again (visitorId + visitorKey), or identity-verified (userId + userHash = hex HMAC-SHA256(identity secret, userId)). Answers a short-lived user token and the conversation with the support bot.',
      tag: 'widget',
      auth: 'none',
      params: AppParams,
      body: VisitorRequest,
      response: VisitorResponse,
      openapi: { errors: ['forbidden', 'rate_limited', 'unauthenticated', 'invalid_credentials', 'unavailable'] },
      handler: async ({ params, body, request }) => {
        widget.rateLimit.take(request.ip)
        const origin = pageOriginOf(request)
        const settings = await requireWidgetOrigin(context.apps, params.appId, origin)
        return widget.visitors.start(params.appId, settings, origin!, body)
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/apps/:appId/visitors/lead',
      summary: 'The widget’s pre-chat form (visitor token): name, email, phone and consent fill the visitor’s profile and fire support.lead.',
      tag: 'widget',
      auth: 'none',
      params: AppParams,
      body: LeadRequest,
      openapi: { security: ['userToken'], errors: ['forbidden', 'rate_limited'] },
      response: z.object({ userId: z.string(), name: z.string(), email: z.string().optional(), phone: z.string().optional() }),
      handler: async ({ params, body, request }) => {
        widget.rateLimit.take(request.ip)
        const settings = await requireWidgetOrigin(context.apps, params.appId, pageOriginOf(request))
        const token = bearerToken(request.headers.authorization)
        if (!token) throw new WarblerError('unauthenticated', 'Send Authorization: Bearer <visitor token>.')
        const identity = await context.tokens.verify(token)
        if (identity.appId !== params.appId) throw new WarblerError('forbidden', 'The token belongs to another app.')
        return widget.visitors.lead(params.appId, settings, identity.userId, body)
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/apps/:appId/visitors/csat',
      summary: 'A widget visitor rates the resolution of its conversation (visitor token; 1–5 and a comment, once per resolution).',
      tag: 'widget',
      auth: 'none',
      openapi: { security: ['userToken'] },
      params: AppParams,
      body: CsatFromVisitor,
      response: z.object({ conversationId: z.string(), userId: z.string(), rating: z.number(), comment: z.string().optional(), resolvedAt: z.number(), createdAt: z.number() }),
      status: 201,
      handler: async ({ params, body, request }) => {
        widget.rateLimit.take(request.ip)
        await requireWidgetOrigin(context.apps, params.appId, pageOriginOf(request))
        const token = bearerToken(request.headers.authorization)
        if (!token) throw new WarblerError('unauthenticated', 'Send Authorization: Bearer <visitor token>.')
        const identity = await context.tokens.verify(token)
        if (identity.appId !== params.appId || !isVisitorId(identity.userId)) throw new WarblerError('forbidden', 'Only the app’s widget visitors rate here.')
        // Customer service owns CSAT (only the conversation's customer, only after a resolution).
        return context.support.records.rate(params.appId, body.conversationId, { userId: identity.userId, rating: body.rating, ...(body.comment ? { comment: body.comment } : {}) })
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/apps/:appId/identity-secret',
      summary: 'Create or rotate the widget identity secret (app secret). Shown only in this answer; the previous one stops verifying.',
      tag: 'widget',
      auth: 'app',
      params: AppParams,
      response: z.object({ secret: z.string() }),
      handler: async ({ params }) => {
        const secret = await widget.identitySecrets.rotate(params.appId)
        context.logger.info({ appId: params.appId }, 'widget identity secret rotated')
        return { secret }
      },
    }),
  ]
}
