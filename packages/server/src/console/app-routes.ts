import { z } from 'zod'
import type { ServerContext } from '../server-context.js'
import { defineConsoleRoute, type ConsoleRoute } from './console-route.js'

function limitOf(value: string | undefined, fallback: number, max: number): number {
  const parsed = Number(value)
  return Number.isInteger(parsed) && parsed > 0 ? Math.min(parsed, max) : fallback
}

/** Apps (list, create, rotate the secret), and the console's user search and group list. */
export function appRoutes(context: ServerContext): ConsoleRoute[] {
  return [
    defineConsoleRoute({
      method: 'GET',
      url: '/apps',
      permission: 'read',
      handler: async () => ({
        apps: (await context.storage.apps.list({ limit: 1000 })).map(({ id, name, createdAt }) => ({ id, name, createdAt })),
      }),
    }),
    defineConsoleRoute({
      method: 'POST',
      url: '/apps',
      permission: 'apps.manage',
      body: z.object({ name: z.string().trim().min(1).max(200) }),
      audit: { action: 'app.create', appId: () => null, target: (_input, result) => `${result.id} (${result.name})` },
      handler: async ({ body, reply }) => {
        reply.code(201)
        return context.apps.create(body.name)
      },
    }),
    defineConsoleRoute({
      method: 'POST',
      url: '/apps/:appId/secret',
      permission: 'apps.manage',
      audit: { action: 'app.rotate-secret', target: (input) => input.params.appId ?? null },
      handler: async ({ params }) => {
        await context.apps.require(params.appId!)
        return context.apps.rotateSecret(params.appId!)
      },
    }),
    defineConsoleRoute({
      method: 'GET',
      url: '/apps/:appId/users',
      permission: 'read',
      handler: async ({ params, query }) => {
        await context.apps.require(params.appId!)
        const search = query.q?.trim()
        return { users: await context.storage.console.searchUsers(params.appId!, { limit: limitOf(query.limit, 100, 500), ...(search ? { query: search } : {}) }) }
      },
    }),
    defineConsoleRoute({
      method: 'GET',
      url: '/apps/:appId/groups',
      permission: 'read',
      handler: async ({ params, query }) => {
        await context.apps.require(params.appId!)
        return { groups: await context.storage.console.listGroups(params.appId!, { limit: limitOf(query.limit, 100, 500) }) }
      },
    }),
  ]
}
