import { AppSettings, AppSummary, AppWithSecret, CreateAppRequest, ListQuery, ResourceId } from '@warbler/protocol'
import { z } from 'zod'
import type { ServerContext } from '../../server-context.js'
import { listPage, listSchema } from '../list-envelope.js'
import { defineRoute } from '../route.js'

const AppParams = z.object({ appId: ResourceId })

/** Operator routes: apps. */
export function appRoutes(context: ServerContext) {
  return [
    defineRoute({
      method: 'POST',
      url: '/api/v1/apps',
      summary: 'Create an app (tenant). The secret is shown only in this answer.',
      tag: 'apps',
      auth: 'operator',
      openapi: { examples: { request: { name: 'Acme Shop' }, response: { id: 'app_3kf9x2', name: 'Acme Shop', secret: 'sk_app_3kf9x2_…' } } },
      body: CreateAppRequest,
      response: AppWithSecret,
      status: 201,
      handler: async ({ body }) => {
        const app = await context.apps.create(body.name)
        context.logger.info({ appId: app.id }, 'app created')
        return { id: app.id, name: app.name, secret: app.secret }
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/apps',
      summary: 'List apps.',
      tag: 'apps',
      auth: 'operator',
      query: ListQuery,
      openapi: { description: 'Pass `next` back as `after` for the next page.' },
      response: listSchema(AppSummary, { legacyKey: 'apps' }),
      handler: async ({ query }) => {
        const apps = await context.storage.apps.list({ limit: query.limit, ...(query.after ? { after: query.after } : {}) })
        return listPage(apps.map(({ id, name, createdAt }) => ({ id, name, createdAt })), apps.length === query.limit ? (apps.at(-1)?.id ?? null) : null, 'apps')
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/apps/:appId/secret',
      summary: 'Rotate the app secret (app secret or operator key). The old secret stops working at once.',
      tag: 'apps',
      auth: 'app',
      openapi: { operationId: 'rotateAppSecret' },
      params: AppParams,
      response: AppWithSecret,
      handler: async ({ params }) => {
        const app = await context.apps.rotateSecret(params.appId)
        context.logger.info({ appId: app.id }, 'app secret rotated')
        return app
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/apps/:appId/settings',
      summary: 'Read the app settings (direct-message policy, edit and recall windows, group limit, keyword filter).',
      tag: 'apps',
      auth: 'app',
      params: AppParams,
      response: AppSettings,
      handler: async ({ params }) => context.apps.settings(params.appId),
    }),
    defineRoute({
      method: 'PATCH',
      url: '/api/v1/apps/:appId/settings',
      summary: 'Change some app settings; answers all of them.',
      tag: 'apps',
      auth: 'app',
      params: AppParams,
      body: AppSettings.partial(),
      response: AppSettings,
      handler: async ({ params, body }) => context.apps.updateSettings(params.appId, body),
    }),
  ]
}
