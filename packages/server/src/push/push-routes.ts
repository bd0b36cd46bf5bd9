import { PushDelivery, PushDeviceId, PushPreferences, PushProvider, PushTarget, PushTargetInput, ResourceId, UserId, WebPushSubscription } from '@warbler/protocol'
import { z } from 'zod'
import { PushLogCursorParam } from './push-log-cursor.js'
import { listPage, listSchema } from '../http/list-envelope.js'
import { defineRoute } from '../http/route.js'
import type { ServerContext } from '../server-context.js'

const UserParams = z.object({ appId: ResourceId, userId: UserId })
const DeviceParams = z.object({ appId: ResourceId, userId: UserId, deviceId: PushDeviceId })
const ProviderParams = z.object({ appId: ResourceId, provider: PushProvider })
const AppParams = z.object({ appId: ResourceId })

/** `PUT …/push-targets/{deviceId}`: the DESIGN shape, `{ provider, token? , subscription? }`. */
const PutTargetBody = z.object({ provider: PushProvider, token: z.string().optional(), subscription: WebPushSubscription.optional() }).transform((body, ctx) => {
  const parsed = PushTargetInput.safeParse(body.provider === 'webpush' ? { provider: 'webpush', subscription: body.subscription } : { provider: body.provider, token: body.token })
  if (!parsed.success) {
    for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', path: issue.path, message: body.provider === 'webpush' && issue.path[0] === 'subscription' && body.subscription === undefined ? 'webpush needs a subscription { endpoint, keys: { p256dh, auth } }' : issue.message })
    return z.NEVER
  }
  return parsed.data
})
const Credential = z.object({ provider: PushProvider, publicInfo: z.record(z.string(), z.unknown()), updatedAt: z.number().int() })

/** App-backend routes of push: devices, preferences, provider credentials, the VAPID key, the delivery log. */
export function pushRoutes(context: ServerContext) {
  const service = context.push.service
  return [
    defineRoute({
      method: 'PUT',
      url: '/api/v1/apps/:appId/users/:userId/push-targets/:deviceId',
      summary: 'Register (or replace) a device of a user for push notifications. A token moves to this user if another had it.',
      tag: 'push',
      auth: 'app',
      params: DeviceParams,
      body: PutTargetBody,
      response: PushTarget,
      handler: async ({ params, body }) => service.registerTarget(params.appId, params.userId, params.deviceId, body),
    }),
    defineRoute({
      method: 'DELETE',
      url: '/api/v1/apps/:appId/users/:userId/push-targets/:deviceId',
      summary: 'Remove a device of a user from push notifications.',
      tag: 'push',
      auth: 'app',
      params: DeviceParams,
      response: z.object({ removed: z.boolean() }),
      handler: async ({ params }) => ({ removed: await service.unregisterTarget(params.appId, params.userId, params.deviceId) }),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/apps/:appId/users/:userId/push-targets',
      summary: 'List a user’s push devices (tokens shown only by their last characters).',
      tag: 'push',
      auth: 'app',
      params: UserParams,
      response: z.object({ items: z.array(PushTarget), next: z.null() }),
      handler: async ({ params }) => ({ items: await service.listTargets(params.appId, params.userId), next: null }),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/apps/:appId/users/:userId/push-preferences',
      summary: 'Read a user’s push preferences.',
      tag: 'push',
      auth: 'app',
      params: UserParams,
      response: PushPreferences,
      handler: async ({ params }) => service.preferences(params.appId, params.userId),
    }),
    defineRoute({
      method: 'PATCH',
      url: '/api/v1/apps/:appId/users/:userId/push-preferences',
      summary: 'Change a user’s push preferences: on/off, quiet hours in their time zone, whether @mentions push from muted conversations.',
      tag: 'push',
      auth: 'app',
      params: UserParams,
      body: PushPreferences.partial(),
      response: PushPreferences,
      handler: async ({ params, body }) => service.setPreferences(params.appId, params.userId, body),
    }),
    defineRoute({
      method: 'PUT',
      url: '/api/v1/apps/:appId/push/credentials/:provider',
      summary: 'Set a push provider’s credentials (sealed at rest, never returned): fcm { serviceAccount }, apns { keyId, teamId, bundleId, signingKey, environment }, hms { appId, clientSecret }, webpush { subject }.',
      tag: 'push',
      auth: 'app',
      params: ProviderParams,
      body: z.record(z.string(), z.unknown()),
      response: Credential,
      handler: async ({ params, body }) => service.setCredentials(params.appId, params.provider, body),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/apps/:appId/push/credentials',
      summary: 'Which push providers are configured, with their public parts only.',
      tag: 'push',
      auth: 'app',
      params: AppParams,
      response: z.object({ items: z.array(Credential), next: z.null() }),
      handler: async ({ params }) => ({ items: await service.listCredentials(params.appId), next: null }),
    }),
    defineRoute({
      method: 'DELETE',
      url: '/api/v1/apps/:appId/push/credentials/:provider',
      summary: 'Remove a push provider’s credentials (its devices get no more pushes).',
      tag: 'push',
      auth: 'app',
      params: ProviderParams,
      response: z.object({ removed: z.boolean() }),
      handler: async ({ params }) => ({ removed: await service.deleteCredentials(params.appId, params.provider) }),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/apps/:appId/push/vapid-public-key',
      summary: 'The app’s Web Push (VAPID) public key, for `pushManager.subscribe({ applicationServerKey })`. Public: browsers ask for it.',
      tag: 'push',
      auth: 'none',
      params: AppParams,
      response: z.object({ publicKey: z.string() }),
      handler: async ({ params }) => {
        await context.apps.require(params.appId)
        return { publicKey: await service.vapidPublicKey(params.appId) }
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/apps/:appId/push/deliveries',
      summary: 'The push delivery log, newest first (no tokens, no message text). `before`: the previous page’s `next`.',
      tag: 'push',
      auth: 'app',
      params: AppParams,
      query: z.object({
        userId: UserId.optional(),
        status: PushDelivery.shape.status.optional(),
        before: PushLogCursorParam.optional(),
        limit: z.coerce.number().int().min(1).max(200).default(50),
      }),
      response: listSchema(PushDelivery),
      handler: async ({ params, query }) => {
        const page = await service.deliveries(params.appId, query)
        return listPage(page.items, page.next)
      },
    }),
  ]
}
