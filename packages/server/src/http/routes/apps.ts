import { AppSettings, AppSummary, AppWithSecret, CreateAppRequest, ListQuery, ResourceId, WarblerError } from '@warbler/protocol'
import { z } from 'zod'
import { bearerToken, safeEqual } from '../../auth/secrets.js'
import type { ServerContext } from '../../server-context.js'
import { listPage, listSchema } from '../list-envelope.js'
import { defineRoute } from '../route.js'

const AppParams = z.object({ appId: ResourceId })

/** `DELETE /apps/{appId}` query: the app's id typed again, so no script deletes an app by a slip. */
const DeleteAppQuery = z.object({ confirm: z.string().max(200).describe('The app id again: the deletion is refused (bad_request, confirmation_mismatch) unless it matches.') })

/** What deleting an app answers. */
const AppDeletion = z.object({
  appId: z.string(),
  deletedAt: z.number().int().nullable().describe('When it was deleted (epoch ms).'),
  keyDestroyed: z.boolean().describe("The app's data key is destroyed: whatever was sealed with it is unreadable, in the database and in every backup."),
  stopped: z.record(z.string(), z.number().int()).describe('Rows of live work removed before the answer, per table (webhooks, pending deliveries, push targets and jobs, exports, syncs, evaluation runs).'),
  purge: z.enum(['running', 'done']).describe('`running` while the background purge removes the rows; its end is an `app.purge` audit entry.'),
  repeated: z.boolean(),
})

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
      method: 'DELETE',
      url: '/api/v1/apps/:appId',
      summary: "Delete an app (operator key only): its data key is destroyed, its secret, tokens and sessions end on every node, its rows are purged in the background.",
      tag: 'apps',
      auth: 'app',
      params: AppParams,
      query: DeleteAppQuery,
      response: AppDeletion,
      status: 202,
      openapi: {
        operationId: 'deleteApp',
        security: ['operatorKey'],
        errors: ['bad_request', 'conflict'],
        description:
          'Crypto-shredding: the app\'s data key is destroyed, so every message body, file and secret sealed with it is unreadable at once, backups included. ' +
          'The secret stops working, user tokens are refused and live sessions are closed on every node; webhooks, pending deliveries, push and exports stop before the answer; ' +
          'every later request for the app answers `app_not_found`. The rows are removed by a background purge in small batches (resumed after a restart). ' +
          'Only the operator key may do it: the app\'s own secret and the console are `forbidden`. A legal hold in the app refuses it (`conflict`, `legal_hold`).',
        examples: { response: { appId: 'app_3kf9x2', deletedAt: 1767225600000, keyDestroyed: true, stopped: { webhooks: 1 }, purge: 'running', repeated: false } },
      },
      handler: async ({ params, query, request }) => {
        // The route accepts the app's credentials to refuse them clearly: deleting is the operator's alone.
        const token = bearerToken(request.headers.authorization)
        if (context.console.appGrants.principalOf(request) || !token || !safeEqual(token, context.operatorKey)) {
          throw new WarblerError('forbidden', 'Only the operator key may delete an app.', { details: { reason: 'operator_only' } })
        }
        if (!context.compliance.appDeletion) throw new WarblerError('unavailable', 'This storage cannot delete apps.')
        const receipt = await context.compliance.appDeletion.delete(params.appId, query.confirm)
        context.logger.info({ appId: params.appId, stopped: receipt.stopped }, 'app deleted')
        return receipt
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
