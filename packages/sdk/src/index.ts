/**
 * `@warbler/sdk`: the Warbler client for browsers and Node.
 *
 * @example
 * ```ts
 * import { WarblerClient } from '@warbler/sdk'
 * const client = new WarblerClient({ url: 'http://localhost:8080', token })
 * client.on('message', (m) => console.log(m.senderId, m.body))
 * await client.connect()
 * ```
 *
 * The IndexedDB store is in `@warbler/sdk/idb`; REST helpers for app backends in `@warbler/sdk/server`.
 */
export { WarblerClient, newClientMsgId, type ConversationListPage, type SendOptions } from './client.js'
export type { HistoryOptions, MessagePage } from './history-reader.js'
export type { BuiltInCustomMessageData, CustomMessageBody, CustomMessageData, CustomMessageExt, MessageBody, MessageExt } from './custom-data.js'
export { ConversationHandle, type ConversationEvents, type ConversationMembersPage } from './conversation-handle.js'
export { Groups, type AssignableRole } from './features/groups.js'
export { Friends, Blocks } from './features/friends.js'
export { MessageActions, type Receipts, type SearchOptions } from './features/messages.js'
export { PresenceFeature, Devices } from './features/presence.js'
export { Typing, TYPING_AUTO_STOP_MS, TYPING_REPEAT_MS } from './features/typing.js'
export { Push, type PushRegistration, type PushCapableRegistration } from './features/push.js'
export { ToolsFeature, toolConfirmOf, type ToolConfirmData, type ToolDecision, type ToolCallRecord } from './features/tools.js'
export { SupportFeature } from './features/support.js'
export type { FeedbackInput, FeedbackReason, FeedbackRecord, OwnFeedbackPage } from './features/feedback.js'
export { CLIENT_DEFAULTS, type WarblerClientOptions } from './client-options.js'
export type {
  ConnectionState,
  ConnectionStateChange,
  ConversationsChange,
  ConversationSummary,
  Message,
  MessageDelta,
  OutboxEntry,
  Receipt,
  SendFailure,
  RateLimitedSend,
  TypingNotice,
  UserNotice,
  SendResult,
  WarblerClientEvents,
} from './types.js'
export { Backoff, fullJitterDelay, type BackoffOptions } from './backoff.js'
export { TypedEmitter, type Listener, type ListenerErrorHandler } from './event-emitter.js'
export { STOP_CODES } from './stop-codes.js'
export { MemoryStore, type MemoryStoreOptions } from './stores/memory-store.js'
export {
  DEFAULT_MESSAGES_PER_CONVERSATION,
  type LocalStore,
  type StoredMessagesQuery,
  type StoredState,
  type StoreOwner,
  type StoreWrite,
} from './stores/local-store.js'
export type { WebSocketConstructor, WebSocketLike } from './websocket.js'
export * from './support/index.js'
export { restCaller, type FetchLike, type RestCall } from './rest-call.js'
export { WarblerError, ERROR_CODES, UNRECOVERABLE_CODES, isErrorCode, type ErrorCode } from '@warbler/protocol'
export type {
  Conversation,
  ConversationEvent,
  ConversationListItem,
  Device,
  Friend,
  FriendRequest,
  GroupSettings,
  JoinRequest,
  Member,
  Ext,
  Presence,
  SearchHit,
} from '@warbler/protocol'
