import { useMemo, useSyncExternalStore } from 'react'
import { useWarblerStores } from './warbler-provider.js'

const NOBODY: readonly string[] = Object.freeze([])

/** What {@link useTyping} returns. */
export interface UseTypingResult {
  /** Ids of the others typing in the conversation now. */
  typing: readonly string[]
  /** The user is typing (throttled by the SDK; stops on its own after a few seconds). */
  start: () => void
  /** The user stopped (cleared the composer). Sending stops it too. */
  stop: () => void
}

/**
 * Who else is typing in a conversation, and how to say the user is.
 *
 * @example
 * ```tsx
 * const { typing, start, stop } = useTyping(conversationId)
 * <textarea onChange={(e) => (e.target.value ? start() : stop())} />
 * {typing.length > 0 && <p aria-live="polite">{typing.join(', ')} typing…</p>}
 * ```
 */
export function useTyping(conversationId: string): UseTypingResult {
  const stores = useWarblerStores()
  const snapshot = useSyncExternalStore(stores.typing.subscribe, stores.typing.getSnapshot, stores.typing.getSnapshot)
  const typing = snapshot.typing[conversationId] ?? NOBODY
  const chat = stores.client.conversation(conversationId)
  return useMemo(() => ({ typing, start: () => chat.typing(true), stop: () => chat.typing(false) }), [typing, chat])
}
