import type { ConversationSummary } from '@warbler/sdk'
import { useSyncExternalStore } from 'react'
import { useWarblerStores } from './warbler-provider.js'

/**
 * The conversation list, most recent first, live: unread counts, last messages, pin and mute.
 * Rows without details get them fetched once (name, members), so titles can be shown.
 *
 * @example
 * ```tsx
 * const conversations = useConversations()
 * return <ul>{conversations.map((row) => <li key={row.id}>{row.conversation?.name ?? row.id} ({row.unreadCount})</li>)}</ul>
 * ```
 */
export function useConversations(): ConversationSummary[] {
  const store = useWarblerStores().conversations
  return useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot).conversations
}
