import type { Conversation, ConversationListItem, HistoryPage, User } from '@warbler/protocol'
import { appApi } from '../../console-api.js'
import type { Agent, CannedReply, SupportAnalytics, SupportConversation, SupportCounts, SupportNote, SupportPriority, SupportState, SupportStatus } from './support-types.js'

const id = encodeURIComponent

/** Filters of the support conversation list. */
export interface SupportListFilter {
  status?: SupportStatus
  assigneeId?: string
  team?: string
  limit?: number
}

/** What an agent may change on a conversation's support state. */
export interface SupportPatch {
  status?: SupportStatus
  assigneeId?: string | null
  team?: string | null
  priority?: SupportPriority
  snoozedUntil?: number | null
}

/**
 * The support REST routes of one app (DESIGN.md "Customer service"), called through the console's
 * app API proxy as the signed-in console account.
 */
export function supportApi(appId: string) {
  return {
    /** `GET /support/conversations?status=&assigneeId=&team=` */
    list(filter: SupportListFilter = {}): Promise<{ conversations: SupportConversation[]; counts: SupportCounts }> {
      const query = new URLSearchParams(
        Object.entries(filter)
          .filter((entry) => entry[1] !== undefined && entry[1] !== '')
          .map(([key, value]) => [key, String(value)]),
      )
      const suffix = query.toString()
      return appApi(appId, 'GET', `support/conversations${suffix ? `?${suffix}` : ''}`)
    },
    /** `GET /agents` */
    agents(): Promise<{ agents: Agent[] }> {
      return appApi(appId, 'GET', 'agents')
    },
    /** `PUT /agents/{userId}`: capacity, teams, availability. */
    updateAgent(userId: string, change: Partial<Pick<Agent, 'capacity' | 'teams' | 'availability'>>): Promise<Agent> {
      return appApi(appId, 'PUT', `agents/${id(userId)}`, change)
    },
    /** `GET /conversations/{id}/support` */
    state(conversationId: string): Promise<SupportState> {
      return appApi(appId, 'GET', `conversations/${id(conversationId)}/support`)
    },
    /** `PATCH /conversations/{id}/support`: take, assign, transfer, snooze, resolve, reopen, priority. */
    update(conversationId: string, patch: SupportPatch): Promise<SupportState> {
      return appApi(appId, 'PATCH', `conversations/${id(conversationId)}/support`, patch)
    },
    /** `GET /conversations/{id}`: members and `lastSeq`. */
    conversation(conversationId: string): Promise<Conversation> {
      return appApi(appId, 'GET', `conversations/${id(conversationId)}`)
    },
    /** `GET /conversations/{id}/messages`: the whole history, as the app backend sees it. */
    history(conversationId: string, options: { beforeSeq?: number; limit?: number } = {}): Promise<HistoryPage> {
      const query = new URLSearchParams({ limit: String(options.limit ?? 100), ...(options.beforeSeq === undefined ? {} : { beforeSeq: String(options.beforeSeq) }) })
      return appApi(appId, 'GET', `conversations/${id(conversationId)}/messages?${query.toString()}`)
    },
    /** `POST /messages` as the agent. */
    reply(conversationId: string, agentId: string, text: string): Promise<{ conversationId: string; seq: number }> {
      return appApi(appId, 'POST', 'messages', { from: agentId, conversationId, body: { type: 'text', text } })
    },
    /** `GET /conversations/{id}/notes` */
    notes(conversationId: string): Promise<{ notes: SupportNote[] }> {
      return appApi(appId, 'GET', `conversations/${id(conversationId)}/notes`)
    },
    /** `POST /conversations/{id}/notes` */
    addNote(conversationId: string, authorId: string, text: string): Promise<SupportNote> {
      return appApi(appId, 'POST', `conversations/${id(conversationId)}/notes`, { authorId, text })
    },
    /** `GET /support/canned-replies` */
    cannedReplies(): Promise<{ cannedReplies: CannedReply[] }> {
      return appApi(appId, 'GET', 'support/canned-replies')
    },
    /** `POST /support/canned-replies` (admins) */
    addCannedReply(shortcut: string, text: string): Promise<CannedReply> {
      return appApi(appId, 'POST', 'support/canned-replies', { shortcut, text })
    },
    /** `DELETE /support/canned-replies/{id}` (admins) */
    deleteCannedReply(replyId: string): Promise<{ deleted: true }> {
      return appApi(appId, 'DELETE', `support/canned-replies/${id(replyId)}`)
    },
    /** `GET /support/analytics?from=&to=` */
    analytics(from: number, to: number): Promise<SupportAnalytics> {
      return appApi(appId, 'GET', `support/analytics?from=${from}&to=${to}`)
    },
    /** `GET /users/{userId}/conversations`: the customer's conversations (for their past ones). */
    conversationsOf(userId: string): Promise<{ items: ConversationListItem[]; hasMore: boolean }> {
      return appApi(appId, 'GET', `users/${id(userId)}/conversations?limit=20`)
    },
    /** `GET /users/{userId}` */
    user(userId: string): Promise<User> {
      return appApi(appId, 'GET', `users/${id(userId)}`)
    },
  }
}

/** The support API of one app. */
export type SupportApi = ReturnType<typeof supportApi>
