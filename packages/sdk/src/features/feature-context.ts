import type { ClientFrame, Conversation, RequestResults } from '@warbler/protocol'
import type { RequestFrame } from '../connection-manager.js'

/** What the feature helpers (`client.groups`, `client.friends`, ...) need from the client. */
export interface FeatureContext {
  /** A request; waits for a connection (within the request timeout) when there is none. */
  request<K extends keyof RequestResults>(type: K, frame: RequestFrame<K>): Promise<RequestResults[K]>
  /** Puts a frame without an answer on the current connection; false when there is none. */
  send(frame: ClientFrame): boolean
  /** A conversation read from the server goes into the conversation list. */
  applyConversation(conversation: Conversation): void
}
