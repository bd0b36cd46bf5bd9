import type { Message } from '@warbler/sdk'
import { useMessages } from '@warbler/react'
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react'
import { ChatStore, PAGE_SIZE, asPending, type ChatState, type PendingMessage } from './chat-store.js'
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

/** What the message list of one conversation shows. */
export interface ChatFeed {
  messages: Message[]
  /** The user's sends on their way: uploads, then optimistic sends, oldest first. */
  pending: PendingMessage[]
  /** Streamed bot text so far, by `conversationId:seq`. */
  streaming: Record<string, string>
  hasMore: boolean | undefined
  loadingOlder: boolean
}

/**
 * One conversation's messages through `@warbler/react`'s `useMessages` (newest page, paging,
 * optimistic sends, streamed bot text; marked read while shown), with the chat's uploads merged
 * into its pending sends. Needs the `WarblerProvider` of the chat's client above.
 */
export function useChatFeed(state: ChatState, conversationId: string): ChatFeed {
  const feed = useMessages(conversationId, { pageSize: PAGE_SIZE, markRead: true })
  const uploads = state.pending
  const pending = useMemo(
    () => [...feed.pending.map(asPending), ...uploads.filter((entry) => entry.conversationId === conversationId)].sort((a, b) => a.createdAt - b.createdAt),
    [feed.pending, uploads, conversationId],
  )
  const streaming = useMemo(
    () => Object.fromEntries(Object.entries(feed.streaming).map(([seq, text]) => [`${conversationId}:${seq}`, text])),
    [feed.streaming, conversationId],
  )
  return { messages: feed.messages, pending, streaming, hasMore: feed.hasMore, loadingOlder: feed.loadingOlder }
}

const NONE: Message[] = []
const NO_SUBSCRIPTION = () => () => undefined

/** The loaded messages of a conversation (none without one), outside the provider (the shell creates it). */
export function useLoadedMessages(store: ChatStore, conversationId: string | undefined): Message[] {
  const feed = conversationId ? store.stores.messages(conversationId, PAGE_SIZE) : undefined
  return useSyncExternalStore(feed?.subscribe ?? NO_SUBSCRIPTION, () => feed?.getSnapshot().messages ?? NONE)
}
