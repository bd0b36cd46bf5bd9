import { randomBytes } from 'node:crypto'

/** A new random id with a readable prefix, e.g. `newId('c')` → `c_k3J9...` (16 random characters). */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('base64url')}`
}
