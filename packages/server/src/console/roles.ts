import type { ConsoleRole } from '../storage/console-store.js'

/** What a console route needs the caller to be allowed to do. */
export type ConsolePermission =
  /** See anything in the console. */
  | 'read'
  /** Ban users, revoke their tokens. */
  | 'users.moderate'
  /** Send messages as a user (the agent inbox). */
  | 'messages.send'
  /** Create apps, rotate secrets, change groups, bots, knowledge bases, webhooks. */
  | 'apps.manage'
  /** Create console accounts and change their roles. */
  | 'accounts.manage'

/** Every role, most powerful first. */
export const CONSOLE_ROLES: readonly ConsoleRole[] = ['owner', 'admin', 'agent', 'viewer']

const GRANTS: Record<ConsoleRole, ReadonlySet<ConsolePermission>> = {
  owner: new Set(['read', 'users.moderate', 'messages.send', 'apps.manage', 'accounts.manage']),
  admin: new Set(['read', 'users.moderate', 'messages.send', 'apps.manage']),
  agent: new Set(['read', 'users.moderate', 'messages.send']),
  viewer: new Set(['read']),
}

/** Whether a role grants a permission. */
export function roleAllows(role: ConsoleRole, permission: ConsolePermission): boolean {
  return GRANTS[role].has(permission)
}

/** The permissions of a role, for the web app to hide what the user cannot do. */
export function permissionsOf(role: ConsoleRole): ConsolePermission[] {
  return [...GRANTS[role]]
}

/** The app API routes below `/api/v1/apps/:appId` the console proxy may reach. */
export const APP_API_PREFIX = '/api/v1/apps/:appId/'

/** App API routes that need less than `apps.manage` to change something, by `METHOD pattern`. */
const APP_ROUTE_PERMISSIONS: ReadonlyMap<string, ConsolePermission> = new Map([
  ['PUT /api/v1/apps/:appId/users/:userId/ban', 'users.moderate'],
  // Revoking tokens is moderation; minting one (POST) lets the caller act as the user: apps.manage.
  ['DELETE /api/v1/apps/:appId/users/:userId/tokens', 'users.moderate'],
  ['POST /api/v1/apps/:appId/messages', 'messages.send'],
  // The agent inbox (docs/support.md): availability, hand-off, take/assign/snooze/resolve, notes.
  ['PUT /api/v1/apps/:appId/agents/:userId', 'messages.send'],
  ['POST /api/v1/apps/:appId/conversations/:conversationId/handoff', 'messages.send'],
  ['PATCH /api/v1/apps/:appId/conversations/:conversationId/support', 'messages.send'],
  ['POST /api/v1/apps/:appId/conversations/:conversationId/notes', 'messages.send'],
  // Agents rate bot answers from the inbox (docs/evaluation.md).
  ['POST /api/v1/apps/:appId/conversations/:conversationId/messages/:seq/feedback', 'messages.send'],
  // Agents try a bot in the console's test chat (it posts nothing; it is rate-limited and audited).
  ['POST /api/v1/apps/:appId/bots/:botId/test-answer', 'messages.send'],
  // The inbox window counts as the agent's connected session while open (support/console-presence.ts).
  ['PUT /api/v1/apps/:appId/agents/:userId/console-presence/:windowId', 'messages.send'],
  ['DELETE /api/v1/apps/:appId/agents/:userId/console-presence/:windowId', 'messages.send'],
])

/**
 * The permission a call through the console's app API proxy needs, decided on the route the router
 * matched (its pattern, e.g. `/api/v1/apps/:appId/users/:userId/ban`), never on the raw path: reads
 * need `read`; banning and revoking tokens `users.moderate`; sending messages and the agent inbox's
 * changes (availability, hand-off, support state, notes) `messages.send`; any
 * other change, minting user tokens included, `apps.manage`.
 */
export function permissionForAppRoute(method: string, routePattern: string): ConsolePermission {
  if (method === 'GET' || method === 'HEAD') return 'read'
  return APP_ROUTE_PERMISSIONS.get(`${method} ${routePattern}`) ?? 'apps.manage'
}
