import { MessageBody } from '@warbler/protocol'
import { z } from 'zod'
import { listPage, listSchema } from '../http/list-envelope.js'
import { defineRoute } from '../http/route.js'
import type { ServerContext } from '../server-context.js'
import {
  Agent, AgentParams, AnalyticsQuery, AppParams, CannedParams, CannedReply, CannedReplyRequest, ConversationParams, Csat, CsatRequest,
  HandoffRequest, ListSupportQuery, Note, NoteRequest, PatchCannedReplyRequest, PatchSupportRequest, PutAgentRequest, SupportState,
} from './support-schemas.js'
import { consolePresenceRoutes } from './console-presence-routes.js'
import { supportAnalytics } from './support-analytics.js'
import { listSupportConversations } from './support-list.js'
import { PutSupportSettings, SupportSettings } from './support-settings.js'

const WEEK_MS = 7 * 86_400_000

/** A row of the support queue: the conversation, its customer, its support state and its last message. */
const SupportListItem = z.object({
  conversationId: z.string(),
  customerId: z.string().nullable(),
  support: SupportState,
  lastMessage: z.object({ seq: z.number().int(), senderId: z.string(), ts: z.number().int(), body: MessageBody.optional() }).optional(),
})

/** App-backend routes of customer service (app secret, or the console session of that app). */
export function supportRoutes(context: ServerContext) {
  const { support } = context
  const service = support.service
  const records = support.records
  const tag = 'support'
  return [
    defineRoute({
      method: 'PUT', url: '/api/v1/apps/:appId/agents/:userId', summary: 'Make a user an agent, or change their capacity, teams or availability.', tag, auth: 'app',
      params: AgentParams, body: PutAgentRequest, response: Agent,
      handler: async ({ params, body }) => service.putAgent(params.appId, params.userId, body),
    }),
    defineRoute({
      method: 'GET', url: '/api/v1/apps/:appId/agents', summary: 'List the agents with whether each is connected and how many conversations they hold.', tag, auth: 'app',
      params: AppParams, response: listSchema(Agent, { legacyKey: 'agents' }),
      handler: async ({ params }) => listPage(await service.listAgents(params.appId), null, 'agents'),
    }),
    defineRoute({
      method: 'DELETE', url: '/api/v1/apps/:appId/agents/:userId', summary: 'Stop a user being an agent; their conversations go back to the queue.', tag, auth: 'app',
      params: AgentParams, response: z.object({ deleted: z.literal(true) }),
      handler: async ({ params }) => {
        await service.deleteAgent(params.appId, params.userId)
        return { deleted: true as const }
      },
    }),
    defineRoute({
      method: 'POST', url: '/api/v1/apps/:appId/conversations/:conversationId/handoff', summary: 'Hand a conversation to a person (queued, or assigned when an agent is free).', tag, auth: 'app',
      params: ConversationParams, body: HandoffRequest, response: SupportState,
      handler: async ({ params, body }) => service.handoff(params.appId, params.conversationId, body),
    }),
    defineRoute({
      method: 'GET', url: '/api/v1/apps/:appId/conversations/:conversationId/support', summary: 'The support state of a conversation.', tag, auth: 'app',
      params: ConversationParams, response: SupportState,
      handler: async ({ params }) => service.state(params.appId, params.conversationId),
    }),
    defineRoute({
      method: 'PATCH', url: '/api/v1/apps/:appId/conversations/:conversationId/support', summary: 'Assign, transfer, requeue, snooze, resolve, reprioritise or give back to the bot.', tag, auth: 'app',
      params: ConversationParams, body: PatchSupportRequest, response: SupportState,
      handler: async ({ params, body }) => service.patch(params.appId, params.conversationId, body),
    }),
    defineRoute({
      method: 'GET', url: '/api/v1/apps/:appId/support/conversations', summary: 'Conversations in customer service, with counts per status.', tag, auth: 'app',
      params: AppParams, query: ListSupportQuery,
      openapi: { description: 'Pass `next` back as `after` for the next page. `counts` has the number of conversations per status.' },
      response: listSchema(SupportListItem, { legacyKey: 'conversations', extra: { counts: z.record(z.string(), z.number().int()).describe('Conversations per status (`mine`: the open assignments of `assigneeId`).') } }),
      handler: async ({ params, query }) => {
        const { conversations, counts } = await listSupportConversations(context.storage, params.appId, query)
        return { ...listPage(conversations, conversations.length === query.limit ? (conversations.at(-1)?.conversationId ?? null) : null, 'conversations'), counts }
      },
    }),
    defineRoute({
      method: 'POST', url: '/api/v1/apps/:appId/conversations/:conversationId/notes', summary: 'Add a private note (agents and the console only; never an event of the conversation).', tag, auth: 'app',
      params: ConversationParams, body: NoteRequest, response: Note, status: 201,
      handler: async ({ params, body }) => records.addNote(params.appId, params.conversationId, body),
    }),
    defineRoute({
      method: 'GET', url: '/api/v1/apps/:appId/conversations/:conversationId/notes', summary: 'The private notes of a conversation, oldest first.', tag, auth: 'app',
      params: ConversationParams, response: listSchema(Note, { legacyKey: 'notes' }),
      handler: async ({ params }) => listPage(await records.notes(params.appId, params.conversationId), null, 'notes'),
    }),
    defineRoute({
      method: 'POST', url: '/api/v1/apps/:appId/conversations/:conversationId/csat', summary: 'The customer rates the resolution (1–5, once per resolution).', tag, auth: 'app',
      params: ConversationParams, body: CsatRequest, response: Csat, status: 201,
      handler: async ({ params, body }) => records.rate(params.appId, params.conversationId, body),
    }),
    defineRoute({
      method: 'GET', url: '/api/v1/apps/:appId/support/canned-replies', summary: 'The app’s canned replies, by shortcut.', tag, auth: 'app',
      params: AppParams, response: listSchema(CannedReply, { legacyKey: 'cannedReplies' }),
      handler: async ({ params }) => listPage(await records.cannedReplies(params.appId), null, 'cannedReplies'),
    }),
    defineRoute({
      method: 'POST', url: '/api/v1/apps/:appId/support/canned-replies', summary: 'Add a canned reply (typed as /shortcut in the inbox).', tag, auth: 'app',
      params: AppParams, body: CannedReplyRequest, response: CannedReply, status: 201,
      handler: async ({ params, body }) => records.createCannedReply(params.appId, body),
    }),
    defineRoute({
      method: 'PATCH', url: '/api/v1/apps/:appId/support/canned-replies/:id', summary: 'Change a canned reply.', tag, auth: 'app',
      params: CannedParams, body: PatchCannedReplyRequest, response: CannedReply,
      handler: async ({ params, body }) => records.updateCannedReply(params.appId, params.id, body),
    }),
    defineRoute({
      method: 'DELETE', url: '/api/v1/apps/:appId/support/canned-replies/:id', summary: 'Delete a canned reply.', tag, auth: 'app',
      params: CannedParams, response: z.object({ deleted: z.literal(true) }),
      handler: async ({ params }) => {
        await records.deleteCannedReply(params.appId, params.id)
        return { deleted: true as const }
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/v1/apps/:appId/support/settings', summary: 'Hand-off phrases, SLA targets and business hours.', tag, auth: 'app',
      params: AppParams, response: SupportSettings,
      handler: async ({ params }) => service.settings(params.appId),
    }),
    defineRoute({
      method: 'PUT', url: '/api/v1/apps/:appId/support/settings', summary: 'Change hand-off phrases, SLA targets or business hours (what is left out keeps its value).', tag, auth: 'app',
      params: AppParams, body: PutSupportSettings, response: SupportSettings,
      handler: async ({ params, body }) => records.putSettings(params.appId, body),
    }),
    defineRoute({
      method: 'GET', url: '/api/v1/apps/:appId/support/analytics', summary: 'First response and resolution times, hand-offs by reason, CSAT by agent, team and day.', tag, auth: 'app',
      params: AppParams, query: AnalyticsQuery,
      handler: async ({ params, query }) => {
        const to = query.to ?? service.clock.now()
        return supportAnalytics(context.storage.support, params.appId, { from: query.from ?? to - WEEK_MS, to })
      },
    }),
    ...consolePresenceRoutes(context),
  ]
}
