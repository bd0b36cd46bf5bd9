import {
  BeforeSendHook,
  CreateWebhookRequest,
  PutBeforeSendHookRequest,
  ResourceId,
  UpdateWebhookRequest,
  Webhook,
  WebhookDelivery,
  WebhookDeliveryQuery,
  WebhookWithSecret,
} from '@warbler/protocol'
import { z } from 'zod'
import { listPage, listSchema } from '../http/list-envelope.js'
import { defineRoute } from '../http/route.js'
import type { ServerContext } from '../server-context.js'
import { toDeliveryView, toHookView, toWebhookView } from './webhook-service.js'

const AppParams = z.object({ appId: ResourceId })
const WebhookParams = z.object({ appId: ResourceId, webhookId: ResourceId })
const DeliveryParams = z.object({ appId: ResourceId, webhookId: ResourceId, deliveryId: ResourceId })

/** App-backend routes: webhooks, their delivery log and replay, and the before-send hook. */
export function webhookRoutes(context: ServerContext) {
  const service = context.webhooks
  return [
    defineRoute({
      method: 'POST',
      url: '/api/v1/apps/:appId/webhooks',
      summary: 'Create a webhook. Deliveries are signed with the secret, which is shown only in this answer.',
      tag: 'webhooks',
      auth: 'app',
      openapi: { examples: { request: { url: 'https://example.com/warbler/webhook', events: ['message.created', 'support.lead'] } } },
      params: AppParams,
      body: CreateWebhookRequest,
      response: WebhookWithSecret,
      status: 201,
      handler: async ({ params, body }) => {
        const record = await service.create(params.appId, body)
        return { ...toWebhookView(record), secret: record.secret }
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/apps/:appId/webhooks',
      summary: 'List the app’s webhooks.',
      tag: 'webhooks',
      auth: 'app',
      params: AppParams,
      response: listSchema(Webhook, { legacyKey: 'webhooks' }),
      handler: async ({ params }) => listPage((await service.list(params.appId)).map(toWebhookView), null, 'webhooks'),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/apps/:appId/webhooks/:webhookId',
      summary: 'Read a webhook.',
      tag: 'webhooks',
      auth: 'app',
      params: WebhookParams,
      response: Webhook,
      handler: async ({ params }) => toWebhookView(await service.require(params.appId, params.webhookId)),
    }),
    defineRoute({
      method: 'PATCH',
      url: '/api/v1/apps/:appId/webhooks/:webhookId',
      summary: 'Change a webhook’s URL, events, or whether it is enabled.',
      tag: 'webhooks',
      auth: 'app',
      params: WebhookParams,
      body: UpdateWebhookRequest,
      response: Webhook,
      handler: async ({ params, body }) => toWebhookView(await service.update(params.appId, params.webhookId, body)),
    }),
    defineRoute({
      method: 'DELETE',
      url: '/api/v1/apps/:appId/webhooks/:webhookId',
      summary: 'Delete a webhook and its delivery log.',
      tag: 'webhooks',
      auth: 'app',
      params: WebhookParams,
      response: z.object({ deleted: z.literal(true) }),
      handler: async ({ params }) => {
        await service.delete(params.appId, params.webhookId)
        return { deleted: true as const }
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/apps/:appId/webhooks/:webhookId/secret',
      summary: 'Rotate a webhook’s signing secret. The old secret stops signing at once.',
      tag: 'webhooks',
      auth: 'app',
      openapi: { operationId: 'rotateWebhookSecret' },
      params: WebhookParams,
      response: WebhookWithSecret,
      handler: async ({ params }) => {
        const record = await service.rotateSecret(params.appId, params.webhookId)
        return { ...toWebhookView(record), secret: record.secret }
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/apps/:appId/webhooks/:webhookId/deliveries',
      summary: 'The delivery log of a webhook, newest first, optionally filtered by status.',
      tag: 'webhooks',
      auth: 'app',
      params: WebhookParams,
      query: WebhookDeliveryQuery,
      openapi: { description: 'Pass `next` back as `after` for the next (older) page.' },
      response: listSchema(WebhookDelivery, { legacyKey: 'deliveries' }),
      handler: async ({ params, query }) => {
        const deliveries = await service.deliveries(params.appId, params.webhookId, {
          limit: query.limit,
          ...(query.status ? { status: query.status } : {}),
          ...(query.after ? { after: query.after } : {}),
        })
        return listPage(deliveries.map(toDeliveryView), deliveries.length === query.limit ? (deliveries.at(-1)?.id ?? null) : null, 'deliveries')
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/apps/:appId/webhooks/:webhookId/deliveries/:deliveryId/replay',
      summary: 'Send a logged delivery again: same event id and body, a new delivery id.',
      tag: 'webhooks',
      auth: 'app',
      params: DeliveryParams,
      response: WebhookDelivery,
      status: 202,
      handler: async ({ params }) => toDeliveryView(await service.replay(params.appId, params.webhookId, params.deliveryId)),
    }),
    defineRoute({
      method: 'PUT',
      url: '/api/v1/apps/:appId/hooks/before-send',
      summary: 'Set the before-send hook: a signed POST before each message is stored, answering allow, reject or rewrite.',
      tag: 'webhooks',
      auth: 'app',
      openapi: { operationId: 'setBeforeSendHook' },
      params: AppParams,
      body: PutBeforeSendHookRequest,
      response: BeforeSendHook,
      handler: async ({ params, body }) => {
        const { hook, newSecret } = await service.putBeforeSendHook(params.appId, body)
        return toHookView(hook, newSecret)
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/apps/:appId/hooks/before-send',
      summary: 'Read the before-send hook settings.',
      tag: 'webhooks',
      auth: 'app',
      openapi: { operationId: 'getBeforeSendHook' },
      params: AppParams,
      response: BeforeSendHook,
      handler: async ({ params }) => toHookView(await service.getBeforeSendHook(params.appId), false),
    }),
    defineRoute({
      method: 'DELETE',
      url: '/api/v1/apps/:appId/hooks/before-send',
      summary: 'Remove the before-send hook.',
      tag: 'webhooks',
      auth: 'app',
      openapi: { operationId: 'deleteBeforeSendHook' },
      params: AppParams,
      response: z.object({ deleted: z.literal(true) }),
      handler: async ({ params }) => {
        await service.deleteBeforeSendHook(params.appId)
        return { deleted: true as const }
      },
    }),
  ]
}
