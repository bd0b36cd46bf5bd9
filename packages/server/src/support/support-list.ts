import type { Storage } from '../storage/storage.js'
import { toStateView, type SupportStateView } from './support-views.js'

/** Filters of the support conversation list (REST query and the `support.list` frame). */
export interface SupportListQuery {
  status?: SupportStateView['status']
  assigneeId?: string
  team?: string
  limit: number
  after?: string
}

/**
 * The app's conversations in customer service with their last message, and the counts per status
 * (`mine` counts the open assignments of `assigneeId`). One implementation for REST and WebSocket.
 */
export async function listSupportConversations(storage: Storage, appId: string, query: SupportListQuery) {
  const states = await storage.support.listStates(appId, query)
  const conversations = await Promise.all(
    states.map(async (state) => {
      const conversation = await storage.conversations.get(appId, state.conversationId)
      const last = conversation && conversation.lastMessageSeq > 0 ? await storage.events.get(appId, state.conversationId, conversation.lastMessageSeq) : undefined
      return {
        conversationId: state.conversationId, customerId: state.customerId, support: toStateView(state),
        ...(last ? { lastMessage: { seq: last.seq, senderId: last.senderId, ts: last.ts, ...(last.body ? { body: last.body } : {}) } } : {}),
      }
    }),
  )
  return { conversations, counts: await storage.support.counts(appId, query.assigneeId) }
}
