import type { Presence } from '@warbler/sdk'
import { useEffect, useSyncExternalStore } from 'react'
import { useWarblerStores } from './warbler-provider.js'

/**
 * Whether a user is online (and when they were last seen), live while the component is mounted.
 * Undefined until known, or for users whose presence the signed-in user may not see (neither a
 * friend nor a conversation peer), or when `userId` is undefined.
 *
 * @example
 * ```tsx
 * const presence = usePresence(peerId)
 * return <span>{presence?.online ? 'online' : 'offline'}</span>
 * ```
 */
export function usePresence(userId: string | undefined): Presence | undefined {
  const store = useWarblerStores().presence
  useEffect(() => (userId ? store.watch([userId]) : undefined), [store, userId])
  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot)
  return userId ? snapshot.presence[userId] : undefined
}
