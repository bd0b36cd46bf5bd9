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

/**
 * The permission an app API call made through the console needs: reads need `read`; banning and
 * revoking tokens `users.moderate`; sending messages `messages.send`; any other change `apps.manage`.
 */
export function permissionForAppCall(method: string, path: string): ConsolePermission {
  if (method === 'GET' || method === 'HEAD') return 'read'
  if (/^users\/[^/]+\/(ban|tokens)$/.test(path)) return 'users.moderate'
  if (method === 'POST' && path === 'messages') return 'messages.send'
  return 'apps.manage'
}
