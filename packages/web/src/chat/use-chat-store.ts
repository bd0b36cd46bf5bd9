import { useEffect, useState, useSyncExternalStore } from 'react'
import { ChatStore, type ChatState } from './chat-store.js'
import type { ChatSession } from './chat-session.js'

/** Creates a {@link ChatStore} for a session, connects it, and closes it on unmount. */
export function useChatStore(session: ChatSession): { store: ChatStore; state: ChatState } {
  const [store] = useState(() => new ChatStore({ url: session.url, token: session.token, ...(session.names ? { names: session.names } : {}) }))
  useEffect(() => {
    void store.start().catch(() => undefined)
    return () => {
      void store.close()
    }
  }, [store])
  const state = useSyncExternalStore(store.subscribe, store.snapshot)
  return { store, state }
}
