import {
  Conversation,
  CreateGroupRequest,
  ConversationEvent,
  HistoryQuery,
  ResourceId,
  SendMessageRequest,
  SendMessageResponse,
  WarblerError,
} from '@warbler/protocol'
import { z } from 'zod'
import type { ServerContext } from '../../server-context.js'
import { RestSendLimit } from '../rest-send-limit.js'
import { LEGACY_LIST_KEYS_REMOVED_IN, listPage, listSchema } from '../list-envelope.js'
import { defineRoute } from '../route.js'

const AppParams = z.object({ appId: ResourceId })
const ConversationParams = z.object({ appId: ResourceId, conversationId: ResourceId })

/** App-backend routes: groups, conversations, sending as a user, history. */
export function conversationRoutes(context: ServerContext) {
  const sendLimit = new RestSendLimit({ perSecond: context.config.limits.sendsPerSecond, burst: context.config.limits.sendBurst })
  return [
    defineRoute({
      method: 'POST',
      url: '/api/v1/apps/:appId/groups',
      summary: 'Create a group; the owner is always a member.',
      tag: 'conversations',
      auth: 'app',
      openapi: { errors: ['user_not_found', 'group_full'], examples: { request: { name: 'Support team', ownerId: 'alice', memberIds: ['bob'] } } },
      params: AppParams,
      body: CreateGroupRequest,
      response: Conversation,
      status: 201,
      handler: async ({ params, body }) =>
        context.conversations.view(
          await context.conversations.createGroup(params.appId, {
            name: body.name,
            ownerId: body.ownerId,
            memberIds: body.memberIds,
            ...(body.ext ? { ext: body.ext } : {}),
            ...(body.settings ? { settings: body.settings } : {}),
          }),
        ),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/apps/:appId/conversations/:conversationId',
      summary: 'Read a conversation.',
      tag: 'conversations',
      auth: 'app',
      params: ConversationParams,
      response: Conversation,
      handler: async ({ params }) => context.conversations.view(await context.conversations.require(params.appId, params.conversationId)),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/apps/:appId/conversations/:conversationId/messages',
      summary: 'A page of a conversation’s events (afterSeq ascending, or the page before beforeSeq).',
      tag: 'conversations',
      auth: 'app',
      params: ConversationParams,
      query: HistoryQuery,
      openapi: { description: 'With no cursor, the newest page. `next` continues in the page’s direction: pass it back as `beforeSeq` (older pages), or as `afterSeq` when you paged with `afterSeq`.' },
      response: listSchema(ConversationEvent, { legacyKey: 'events', extra: { hasMore: z.boolean().meta({ deprecated: true, description: `Deprecated: \`next !== null\`; removed in ${LEGACY_LIST_KEYS_REMOVED_IN}.` }) } }),
      handler: async ({ params, query }) => {
        await context.conversations.require(params.appId, params.conversationId)
        const page = await context.messages.historyUnchecked(params.appId, params.conversationId, query)
        const edge = query.afterSeq !== undefined ? page.events.at(-1) : page.events[0]
        return { ...listPage(page.events, page.hasMore && edge ? edge.seq : null, 'events'), hasMore: page.hasMore }
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/apps/:appId/messages',
      summary: 'Send a message as any user, to a conversation or (direct) to a user. Idempotent with clientMsgId.',
      tag: 'conversations',
      auth: 'app',
      openapi: { operationId: 'sendMessage', errors: ['user_not_found', 'conversation_not_found', 'not_member', 'blocked', 'friends_only', 'member_muted', 'group_muted', 'group_dissolved', 'content_blocked', 'text_too_long', 'rejected_by_hook', 'conflict', 'rate_limited'], examples: { request: { from: 'alice', to: 'bob', body: { type: 'text', text: 'Hello Bob' }, clientMsgId: 'order-1042-greeting' }, response: { conversationId: 'cnv_x7p2q9', seq: 1, ts: 1765100000000, duplicate: false } } },
      params: AppParams,
      body: SendMessageRequest,
      response: SendMessageResponse,
      handler: async ({ params, body }) => {
        sendLimit.take(params.appId, body.from)
        await context.users.require(params.appId, body.from)
        let conversationId = body.conversationId
        if (conversationId === undefined) {
          if (body.to === undefined) throw new WarblerError('validation_failed', 'give exactly one of conversationId and to')
          conversationId = (await context.conversations.openDirect(params.appId, body.from, body.to)).id
        }
        const result = await context.messages.send(params.appId, body.from, {
          conversationId,
          body: body.body,
          ...(body.clientMsgId ? { clientMsgId: body.clientMsgId } : {}),
          ...(body.ext ? { ext: body.ext } : {}),
        })
        context.metrics.sends.inc({ transport: 'rest', duplicate: String(result.duplicate) })
        return { conversationId: result.event.conversationId, seq: result.event.seq, ts: result.event.ts, duplicate: result.duplicate }
      },
    }),
  ]
}
