import { ResourceId } from '@warbler/protocol'
import { z } from 'zod'
import { listPage, listSchema } from '../http/list-envelope.js'
import { defineRoute } from '../http/route.js'
import type { ServerContext } from '../server-context.js'
import { BotView, CreateBotRequest, UpdateBotRequest } from './bot-config.js'
import { toBotView } from './bot-service.js'

const AppParams = z.object({ appId: ResourceId })
const BotParams = z.object({ appId: ResourceId, botId: z.string().min(1).max(64) })

/** Bot REST routes (app secret or operator key). */
export function botRoutes(context: ServerContext) {
  return [
    defineRoute({
      method: 'POST',
      url: '/api/v1/apps/:appId/bots',
      summary: 'Create a bot (a user of kind `bot`); without a provider it answers extractively from its knowledge bases.',
      tag: 'bots',
      auth: 'app',
      openapi: { errors: ['already_exists'], examples: { request: { id: 'helper', name: 'Helper', systemPrompt: 'Answer from the help center; offer a person when unsure.', knowledgeBaseIds: ['kb_4t8c1z'] } } },
      params: AppParams,
      body: CreateBotRequest,
      response: BotView,
      status: 201,
      handler: async ({ params, body }) => context.bots.create(params.appId, body),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/apps/:appId/bots',
      summary: 'List bots.',
      tag: 'bots',
      auth: 'app',
      params: AppParams,
      response: listSchema(BotView, { legacyKey: 'bots' }),
      handler: async ({ params }) => listPage((await context.bots.list(params.appId)).map(toBotView), null, 'bots'),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/apps/:appId/bots/:botId',
      summary: 'Read a bot (the provider key is never shown: `apiKeySet`).',
      tag: 'bots',
      auth: 'app',
      params: BotParams,
      response: BotView,
      handler: async ({ params }) => toBotView(await context.bots.require(params.appId, params.botId)),
    }),
    defineRoute({
      method: 'PATCH',
      url: '/api/v1/apps/:appId/bots/:botId',
      summary: 'Change a bot; `provider: null` removes its provider.',
      tag: 'bots',
      auth: 'app',
      params: BotParams,
      body: UpdateBotRequest,
      response: BotView,
      handler: async ({ params, body }) => context.bots.update(params.appId, params.botId, body),
    }),
    defineRoute({
      method: 'DELETE',
      url: '/api/v1/apps/:appId/bots/:botId',
      summary: 'Delete a bot; its user stays in history but no longer answers.',
      tag: 'bots',
      auth: 'app',
      params: BotParams,
      response: z.object({ deleted: z.literal(true) }),
      handler: async ({ params }) => {
        await context.bots.delete(params.appId, params.botId)
        return { deleted: true as const }
      },
    }),
  ]
}
