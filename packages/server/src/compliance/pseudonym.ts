import { createHmac } from 'node:crypto'

/**
 * The stable stand-in for an erased user: the same for every retry of one erasure (so an erasure
 * that stopped half way finishes with the same name), unlinkable to the user id without the key.
 */
export function pseudonymOf(key: Buffer, appId: string, userId: string): string {
  return `erased_${createHmac('sha256', key).update(`erasure/v1\n${appId}\n${userId}`).digest('hex').slice(0, 20)}`
}
