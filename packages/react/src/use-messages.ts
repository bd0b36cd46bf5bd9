import type { MessageBody } from '@warbler/sdk'
import { useEffect, useMemo, useSyncExternalStore } from 'react'
import type { MessagesSnapshot, PendingSendOptions } from './stores/messages-store.js'
import { useWarblerStores } from './warbler-provider.js'

/** Options of {@link useMessages}. */
export interface UseMessagesOptions {
  /** Messages per page (default 30). Applies when the conversation is first used. */
  pageSize?: number
  /** Mark the conversation read while it is shown and messages arrive (default `false`). */
  markRead?: boolean
}

/** What {@link useMessages} returns: the timeline and what to do with it. */
export interface UseMessagesResult extends MessagesSnapshot {
  /** Loads the page before the oldest loaded message; a no-op while `hasMore` is false. */
  loadOlder: () => Promise<void>
  /** Sends a message (pending at once, then stored or failed); returns its client id. */
  send: (body: MessageBody, options?: PendingSendOptions) => string
  /** Sends a failed message again with the same client id. */
  retry: (clientMsgId: string) => void
  /** Drops a failed message. */
  discard: (clientMsgId: string) => void
}

/**
 * A conversation's messages: the newest page on mount (again once connected if it failed),
 * older pages with `loadOlder`, live messages, edits, recalls, reactions and streamed bot text
 * (`streaming[seq]`), and optimistic sends with their `pending` state (`sending`, `sent`, `failed`).
 *
 * @example
 * ```tsx
 * const { messages, pending, streaming, hasMore, loadOlder, send, retry } = useMessages(conversationId, { markRead: true })
 * ```
 */
export function useMessages(conversationId: string, options: UseMessagesOptions = {}): UseMessagesResult {
  const stores = useWarblerStores()
  const store = stores.messages(conversationId, options.pageSize)
  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot)
  const connection = useSyncExternalStore(stores.connection.subscribe, stores.connection.getSnapshot, stores.connection.getSnapshot)
  const connected = connection.state === 'connected'

  useEffect(() => {
    if (connected) store.load().catch(() => undefined)
  }, [store, connected])

  const latest = snapshot.messages.at(-1)?.seq
  useEffect(() => {
    if (options.markRead && connected && latest !== undefined) store.markRead()
  }, [store, options.markRead, connected, latest])

  const actions = useMemo(
    () => ({
      loadOlder: () => store.loadOlder(),
      send: (body: MessageBody, sendOptions?: PendingSendOptions) => store.send(body, sendOptions),
      retry: (clientMsgId: string) => store.retry(clientMsgId),
      discard: (clientMsgId: string) => store.discard(clientMsgId),
    }),
    [store],
  )
  return useMemo(() => ({ ...snapshot, ...actions }), [snapshot, actions])
}
