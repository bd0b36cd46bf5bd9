import { WarblerError } from '@warbler/protocol'

/**
 * Refuses U+0000 in a request's path parameters and query string with `validation_failed`. No id,
 * cursor, filter or search term holds it, and PostgreSQL cannot store or compare text holding it
 * (every such query failed as a 500 `internal`); refusing it here answers the same on every engine.
 */
export function assertNoNulCharacter(value: unknown, where: string): void {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) throw new WarblerError('validation_failed', `${where}: must not contain the character U+0000.`)
    return
  }
  if (Array.isArray(value)) {
    for (const item of value) assertNoNulCharacter(item, where)
    return
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      assertNoNulCharacter(key, where)
      assertNoNulCharacter(item, `${where}.${key}`)
    }
  }
}
