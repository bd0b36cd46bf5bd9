import { Conversation, GroupSettings, Member, ResourceId, UserId, WarblerError } from '@warbler/protocol'
import { z } from 'zod'
import type { ServerContext } from '../../server-context.js'
import { listPage, listSchema } from '../list-envelope.js'
import { defineRoute } from '../route.js'

const GroupParams = z.object({ appId: ResourceId, conversationId: ResourceId })
const MemberParams = GroupParams.extend({ userId: UserId })
/** The backend acts as this member; the group owner when not given. */
const Actor = z.object({ actorId: UserId.optional() })

async function actorOf(context: ServerContext, appId: string, conversationId: string, actorId: string | undefined): Promise<string> {
  if (actorId) return actorId
  const group = await context.conversations.require(appId, conversationId)
  if (!group.ownerId) throw new WarblerError('bad_request', 'This conversation has no owner; give actorId.')
  return group.ownerId
}

/** App-backend routes for group management. Each acts as a member (`actorId`, default the owner) with that member's rights. */
export function groupRoutes(context: ServerContext) {
  return [
    defineRoute({
      method: 'PATCH',
      url: '/api/v1/apps/:appId/groups/:conversationId',
      summary: 'Rename a group or change its settings (join mode, mute all, member limit, history visibility, announcement).',
      tag: 'groups',
      auth: 'app',
      params: GroupParams,
      body: Actor.extend({ name: z.string().trim().min(1).max(128).optional(), settings: GroupSettings.partial().optional() }),
      response: Conversation,
      handler: async ({ params, body }) => {
        const actor = await actorOf(context, params.appId, params.conversationId, body.actorId)
        const group = await context.groups.update(params.appId, params.conversationId, actor, { ...(body.name ? { name: body.name } : {}), ...(body.settings ? { settings: body.settings } : {}) })
        return context.conversations.view(group)
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/apps/:appId/conversations/:conversationId/members',
      summary: 'A page of members by user id.',
      tag: 'groups',
      auth: 'app',
      params: GroupParams,
      query: z.object({ after: UserId.optional(), limit: z.coerce.number().int().min(1).max(1000).default(200) }),
      openapi: { description: 'Pass `next` back as `after` for the next page.' },
      response: listSchema(Member, { legacyKey: 'members' }),
      handler: async ({ params, query }) => {
        await context.conversations.require(params.appId, params.conversationId)
        const rows = await context.storage.conversations.listMembers(params.appId, params.conversationId, { limit: query.limit, ...(query.after ? { after: query.after } : {}) })
        return listPage(rows.map(({ userId, role, joinedAt }) => ({ userId, role, joinedAt })), rows.length === query.limit ? (rows.at(-1)?.userId ?? null) : null, 'members')
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/apps/:appId/groups/:conversationId/members',
      summary: 'Add members.',
      tag: 'groups',
      auth: 'app',
      openapi: { operationId: 'addGroupMembers', errors: ['user_not_found', 'group_full', 'group_dissolved'] },
      params: GroupParams,
      body: Actor.extend({ userIds: z.array(UserId).min(1).max(1000) }),
      response: z.object({ added: z.array(UserId) }),
      handler: async ({ params, body }) => ({
        added: await context.groups.invite(params.appId, params.conversationId, await actorOf(context, params.appId, params.conversationId, body.actorId), body.userIds),
      }),
    }),
    defineRoute({
      method: 'DELETE',
      url: '/api/v1/apps/:appId/groups/:conversationId/members/:userId',
      summary: 'Remove a member (or, with actorId equal to userId, leave).',
      tag: 'groups',
      auth: 'app',
      openapi: { operationId: 'removeGroupMember' },
      params: MemberParams,
      query: Actor,
      response: z.object({ removed: z.array(UserId) }),
      handler: async ({ params, query }) => {
        const actor = await actorOf(context, params.appId, params.conversationId, query.actorId)
        if (actor === params.userId) {
          await context.groups.leave(params.appId, params.conversationId, actor)
          return { removed: [actor] }
        }
        return { removed: await context.groups.remove(params.appId, params.conversationId, actor, [params.userId]) }
      },
    }),
    defineRoute({
      method: 'PUT',
      url: '/api/v1/apps/:appId/groups/:conversationId/members/:userId/role',
      summary: 'Make a member an admin or a plain member (as the owner).',
      tag: 'groups',
      auth: 'app',
      openapi: { operationId: 'setGroupMemberRole' },
      params: MemberParams,
      body: z.object({ role: z.enum(['admin', 'member']) }),
      response: Member,
      handler: async ({ params, body }) => {
        const owner = await actorOf(context, params.appId, params.conversationId, undefined)
        const member = await context.groups.setRole(params.appId, params.conversationId, owner, params.userId, body.role)
        return { userId: member.userId, role: member.role, joinedAt: member.joinedAt }
      },
    }),
    defineRoute({
      method: 'PUT',
      url: '/api/v1/apps/:appId/groups/:conversationId/members/:userId/mute',
      summary: 'Mute a member for a number of seconds (0 unmutes).',
      tag: 'groups',
      auth: 'app',
      openapi: { operationId: 'setGroupMemberMute' },
      params: MemberParams,
      body: Actor.extend({ durationSeconds: z.number().int().min(0).max(365 * 24 * 3600) }),
      response: z.object({ userId: UserId, mutedUntil: z.number().int().nullable() }),
      handler: async ({ params, body }) => {
        const actor = await actorOf(context, params.appId, params.conversationId, body.actorId)
        return { userId: params.userId, mutedUntil: await context.groups.muteMember(params.appId, params.conversationId, actor, params.userId, body.durationSeconds) }
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/apps/:appId/groups/:conversationId/transfer',
      summary: 'Hand the group to another member.',
      tag: 'groups',
      auth: 'app',
      params: GroupParams,
      body: z.object({ userId: UserId }),
      response: Conversation,
      handler: async ({ params, body }) => {
        const owner = await actorOf(context, params.appId, params.conversationId, undefined)
        return context.conversations.view(await context.groups.transfer(params.appId, params.conversationId, owner, body.userId))
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/apps/:appId/groups/:conversationId/dissolve',
      summary: 'Dissolve the group: nobody can send any more; history stays readable.',
      tag: 'groups',
      auth: 'app',
      params: GroupParams,
      response: Conversation,
      handler: async ({ params }) => {
        const owner = await actorOf(context, params.appId, params.conversationId, undefined)
        return context.conversations.view(await context.groups.dissolve(params.appId, params.conversationId, owner))
      },
    }),
  ]
}
