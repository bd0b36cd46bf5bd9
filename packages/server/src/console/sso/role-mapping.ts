import type { ConsoleRole } from '../../storage/console-store.js'
import { CONSOLE_ROLES } from '../roles.js'

/**
 * A claim by dotted path (`groups`, `realm_access.roles`, `resource_access.warbler.roles`). A claim
 * whose own name has dots (`https://example.com/roles`) is found by its full name first.
 */
export function claimAt(claims: Record<string, unknown>, path: string): unknown {
  if (Object.hasOwn(claims, path)) return claims[path]
  let value: unknown = claims
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.hasOwn(value, part)) return undefined
    value = (value as Record<string, unknown>)[part]
  }
  return value
}

/** The claim's values as strings: an array of strings, a single string, or (some providers) one space- or comma-separated string. */
export function claimValues(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((entry): entry is string => typeof entry === 'string')
  if (typeof value === 'string') return value.split(/[\s,]+/).filter(Boolean)
  return []
}

/**
 * The console role the provider's claims map to: the most powerful role any value of the role
 * claim maps to, or undefined when none does (that person is refused). Values are compared
 * exactly (Azure AD sends group object ids, Keycloak group paths like `/warbler-admins` when
 * "full group path" is on).
 *
 * @example
 * ```ts
 * mapRole({ groups: ['staff', 'warbler-admins'] }, 'groups', new Map([['warbler-admins', 'admin']])) // 'admin'
 * ```
 */
export function mapRole(claims: Record<string, unknown>, roleClaim: string, roleMap: ReadonlyMap<string, ConsoleRole>): ConsoleRole | undefined {
  const granted = new Set(claimValues(claimAt(claims, roleClaim)).flatMap((value) => {
    const role = roleMap.get(value)
    return role ? [role] : []
  }))
  return CONSOLE_ROLES.find((role) => granted.has(role))
}
