import { useSyncExternalStore } from 'react'
import type { ConnectionSnapshot } from './stores/connection-store.js'
import { useWarblerStores } from './warbler-provider.js'

/**
 * The connection: `state` (`connecting` | `connected` | `disconnected`), why, whether the SDK will
 * try again and when, the user id, and `fatal`, the error that stopped it for good.
 *
 * @example
 * ```tsx
 * const { state, fatal } = useConnectionState()
 * if (fatal) return <p role="alert">Please sign in again.</p>
 * return state === 'connected' ? null : <p role="status">Reconnecting…</p>
 * ```
 */
export function useConnectionState(): ConnectionSnapshot {
  const store = useWarblerStores().connection
  return useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot)
}
