import { ConversationListItem, Friend, ResourceId, SearchHit, UserId, MessageBody } from '@warbler/protocol'
import { toQueryTerms } from '@warbler/ai'
import { z } from 'zod'
import type { ServerContext } from '../../server-context.js'
import { LEGACY_LIST_KEYS_REMOVED_IN, listPage, listSchema } from '../list-envelope.js'
import { defineRoute } from '../route.js'

const UserParams = z.object({ appId: ResourceId, userId: UserId })
const MessageParams = z.object({ appId: ResourceId, conversationId: ResourceId, seq: z.coerce.number().int().min(1) })
const As = z.object({ as: UserId })

/** App-backend routes acting for a user: friends, blocks, their conversation list, search and message actions. */
export function socialRoutes(context: ServerContext) {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/apps/:appId/users/:userId/friends',
      summary: 'A user’s friends.',
      tag: 'friends',
      auth: 'app',
      params: UserParams,
      response: listSchema(Friend, { legacyKey: 'friends' }),
      handler: async ({ params }) => listPage(await context.social.friends(params.appId, params.userId), null, 'friends'),
    }),
    defineRoute({
      method: 'PUT',
      url: '/api/v1/apps/:appId/users/:userId/friends/:friendId',
      summary: 'Make two users friends at once (no request).',
      tag: 'friends',
      auth: 'app',
      openapi: { operationId: 'addFriend' },
      params: UserParams.extend({ friendId: UserId }),
      response: z.object({ userId: UserId, friendId: UserId }),
      handler: async ({ params }) => {
        await context.users.require(params.appId, params.userId)
        await context.users.require(params.appId, params.friendId)
        await context.storage.social.addFriendship(params.appId, params.userId, params.friendId, Date.now())
        return { userId: params.userId, friendId: params.friendId }
      },
    }),
    defineRoute({
      method: 'DELETE',
      url: '/api/v1/apps/:appId/users/:userId/friends/:friendId',
      summary: 'End a friendship.',
      tag: 'friends',
      auth: 'app',
      openapi: { operationId: 'removeFriend' },
      params: UserParams.extend({ friendId: UserId }),
      response: z.object({ userId: UserId, friendId: UserId }),
      handler: async ({ params }) => {
        await context.social.remove(params.appId, params.userId, params.friendId)
        return { userId: params.userId, friendId: params.friendId }
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/apps/:appId/users/:userId/blocks',
      summary: 'Users this user blocked.',
      tag: 'friends',
      auth: 'app',
      params: UserParams,
      response: listSchema(UserId, { legacyKey: 'userIds' }),
      handler: async ({ params }) => listPage(await context.social.blocked(params.appId, params.userId), null, 'userIds'),
    }),
    defineRoute({
      method: 'PUT',
      url: '/api/v1/apps/:appId/users/:userId/blocks/:blockedId',
      summary: 'Block a user for this user.',
      tag: 'friends',
      auth: 'app',
      openapi: { operationId: 'blockUser' },
      params: UserParams.extend({ blockedId: UserId }),
      response: z.object({ userId: UserId, blockedId: UserId }),
      handler: async ({ params }) => {
        await context.social.block(params.appId, params.userId, params.blockedId)
        return { userId: params.userId, blockedId: params.blockedId }
      },
    }),
    defineRoute({
      method: 'DELETE',
      url: '/api/v1/apps/:appId/users/:userId/blocks/:blockedId',
      summary: 'Unblock.',
      tag: 'friends',
      auth: 'app',
      openapi: { operationId: 'unblockUser' },
      params: UserParams.extend({ blockedId: UserId }),
      response: z.object({ userId: UserId, blockedId: UserId }),
      handler: async ({ params }) => {
        await context.social.unblock(params.appId, params.userId, params.blockedId)
        return { userId: params.userId, blockedId: params.blockedId }
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/apps/:appId/users/:userId/conversations',
      summary: 'A user’s conversation list: pinned first, then by last activity, with previews and unread counts.',
      tag: 'conversations',
      auth: 'app',
      params: UserParams,
      query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50), beforeActivityAt: z.coerce.number().int().optional() }),
      openapi: { description: 'Pass `next` back as `beforeActivityAt` for the next (older) page.' },
      response: listSchema(ConversationListItem, { extra: { hasMore: z.boolean().meta({ deprecated: true, description: `Deprecated: \`next !== null\`; removed in ${LEGACY_LIST_KEYS_REMOVED_IN}.` }) } }),
      handler: async ({ params, query }) => {
        const page = await context.conversations.list(params.appId, params.userId, { limit: query.limit, ...(query.beforeActivityAt === undefined ? {} : { beforeActivityAt: query.beforeActivityAt }) })
        return { ...listPage(page.items, page.hasMore ? (page.items.at(-1)?.lastActivityAt ?? null) : null), hasMore: page.hasMore }
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/apps/:appId/users/:userId/search',
      summary: 'Full-text search over the messages a user can see (Chinese-aware), newest first.',
      tag: 'messages',
      auth: 'app',
      openapi: { operationId: 'searchUserMessages' },
      params: UserParams,
      query: z.object({
        q: z.string().min(1).max(200),
        conversationId: ResourceId.optional(),
        senderId: UserId.optional(),
        fromTs: z.coerce.number().int().optional(),
        toTs: z.coerce.number().int().optional(),
        limit: z.coerce.number().int().min(1).max(100).default(20),
      }),
      response: listSchema(SearchHit, { legacyKey: 'hits' }),
      handler: async ({ params, query }) => {
        const events = await context.actions.search(params.appId, params.userId, {
          terms: toQueryTerms(query.q).map((term) => term.term),
          limit: query.limit,
          ...(query.conversationId ? { conversationId: query.conversationId } : {}),
          ...(query.senderId ? { senderId: query.senderId } : {}),
          ...(query.fromTs !== undefined ? { fromTs: query.fromTs } : {}),
          ...(query.toTs !== undefined ? { toTs: query.toTs } : {}),
        })
        return listPage(events.map((event) => ({ conversationId: event.conversationId, seq: event.seq, senderId: event.senderId, ts: event.ts, event })), null, 'hits')
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/apps/:appId/conversations/:conversationId/messages/:seq/edit',
      summary: 'Edit a message as its sender (within the edit window).',
      tag: 'messages',
      auth: 'app',
      openapi: { operationId: 'editMessage', errors: ['edit_window_passed', 'message_recalled', 'forbidden'] },
      params: MessageParams,
      body: As.extend({ body: MessageBody }),
      response: z.object({ seq: z.number().int() }),
      handler: async ({ params, body }) => ({ seq: (await context.actions.edit(params.appId, body.as, params.conversationId, params.seq, body.body)).event.seq }),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/apps/:appId/conversations/:conversationId/messages/:seq/recall',
      summary: 'Recall a message as a user (its sender within the window, or a group owner/admin).',
      tag: 'messages',
      auth: 'app',
      openapi: { operationId: 'recallMessage', errors: ['recall_window_passed', 'message_recalled', 'forbidden'] },
      params: MessageParams,
      body: As,
      response: z.object({ seq: z.number().int() }),
      handler: async ({ params, body }) => ({ seq: (await context.actions.recall(params.appId, body.as, params.conversationId, params.seq)).event.seq }),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/apps/:appId/conversations/:conversationId/messages/:seq/reactions',
      summary: 'Add or remove a reaction as a user.',
      tag: 'messages',
      auth: 'app',
      openapi: { operationId: 'reactToMessage' },
      params: MessageParams,
      body: As.extend({ emoji: z.string().min(1).max(32), remove: z.boolean().optional() }),
      response: z.object({ seq: z.number().int() }),
      handler: async ({ params, body }) => ({
        seq: (await context.actions.react(params.appId, body.as, params.conversationId, params.seq, body.emoji, body.remove ?? false)).event.seq,
      }),
    }),
  ]
}
