import { z } from 'zod'
import type { ServerContext } from '../server-context.js'
import { defineConsoleRoute, type ConsoleRoute } from './console-route.js'
import { toAccountView } from './console-service.js'
import { CONSOLE_ROLES } from './roles.js'

const Role = z.enum(CONSOLE_ROLES as ['owner', 'admin', 'agent', 'viewer'])

/** Console accounts: list, create, change role or disable (owners only). */
export function accountRoutes(context: ServerContext): ConsoleRoute[] {
  return [
    defineConsoleRoute({
      method: 'GET',
      url: '/accounts',
      permission: 'read',
      handler: async () => ({ accounts: (await context.storage.console.listAccounts()).map(toAccountView) }),
    }),
    defineConsoleRoute({
      method: 'POST',
      url: '/accounts',
      permission: 'accounts.manage',
      body: z.object({ email: z.string().email().max(320), password: z.string().max(1024), name: z.string().max(200).optional(), role: Role }),
      audit: { action: 'console.account-create', target: (input) => `${input.body.email.toLowerCase()} (${input.body.role})` },
      handler: async ({ body, reply }) => {
        reply.code(201)
        return context.console.createAccount(body)
      },
    }),
    defineConsoleRoute({
      method: 'PATCH',
      url: '/accounts/:accountId',
      permission: 'accounts.manage',
      body: z.object({ role: Role.optional(), disabled: z.boolean().optional() }),
      audit: { action: 'console.account-update', target: (_input, result) => `${result.email} (${result.role}${result.disabled ? ', disabled' : ''})` },
      handler: async ({ params, body }) => context.console.updateAccount(params.accountId!, body),
    }),
  ]
}
