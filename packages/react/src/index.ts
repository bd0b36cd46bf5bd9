/**
 * `@warbler/react`: React bindings for the Warbler SDK.
 *
 * @example
 * ```tsx
 * import { WarblerClient } from '@warbler/sdk'
 * import { WarblerProvider, MessageList, Composer } from '@warbler/react'
 *
 * const client = new WarblerClient({ url: 'https://chat.example.com', token })
 * export const App = () => (
 *   <WarblerProvider client={client}>
 *     <MessageList conversationId="c_1" />
 *     <Composer conversationId="c_1" label="Message" sendLabel="Send" />
 *   </WarblerProvider>
 * )
 * ```
 */
export { WarblerProvider, useWarblerClient, useWarblerStores, type WarblerProviderProps } from './warbler-provider.js'
export { useConnectionState } from './use-connection-state.js'
export { useConversations } from './use-conversations.js'
export { useMessages, type UseMessagesOptions, type UseMessagesResult } from './use-messages.js'
export { usePresence } from './use-presence.js'
export { useTyping, type UseTypingResult } from './use-typing.js'
export { ConversationList, type ConversationListProps } from './components/conversation-list.js'
export { MessageList, type MessageListLabels, type MessageListProps } from './components/message-list.js'
export { Composer, type ComposerProps } from './components/composer.js'
export { storesOf, ClientStores } from './stores/client-stores.js'
export type { ConnectionSnapshot, ConnectionStore } from './stores/connection-store.js'
export type { ConversationsSnapshot, ConversationsStore } from './stores/conversations-store.js'
export { DEFAULT_PAGE_SIZE, type MessagesSnapshot, type MessagesStore, type PendingMessage, type PendingSendOptions } from './stores/messages-store.js'
export type { PresenceSnapshot, PresenceStore } from './stores/presence-store.js'
export { TYPING_EXPIRY_MS, type TypingSnapshot, type TypingStore } from './stores/typing-store.js'
