import { PeopleQuery, PeopleResponse, ResourceId, WarblerError, type Person } from '@warbler/protocol'
import { z } from 'zod'
import { callerAuthenticator } from '../evaluations/request-identity.js'
import { listPage } from '../http/list-envelope.js'
import { defineRoute } from '../http/route.js'
import type { UserRecord } from '../storage/storage.js'
import type { ServerContext } from '../server-context.js'
import { VISITOR_PREFIX, isVisitorId } from '../widget/visitor-ids.js'
import { PeopleSearchLimit } from './people-search-limit.js'

/** What the directory tells about a user: id, name, avatar and whether it is a bot — no ext, no ban state, no times. */
export function toPerson(user: UserRecord): Person {
  return { id: user.id, name: user.name, avatarUrl: user.avatarUrl, isBot: user.kind === 'bot' }
}

/**
 * `GET /api/v1/apps/{appId}/people`: the people directory of the chat app. A chat user (with their
 * token) finds other users of the same app by name or id (`q`), or looks up known ids (`ids`), to
 * start a direct chat or a group and to show names and avatars. Banned users and widget visitors
 * are never listed, and visitors cannot search. Rate-limited per caller ({@link PeopleSearchLimit}).
 */
export function peopleRoutes(context: ServerContext, limit = new PeopleSearchLimit()) {
  const caller = callerAuthenticator(context)
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/apps/:appId/people',
      tag: 'users',
      summary: 'The people directory: users of the app by name or id (q), or by ids; each with id, name, avatarUrl and isBot only. A chat user calls it with their token.',
      auth: 'none',
      openapi: { operationId: 'searchPeople', security: ['userToken', 'appSecret'], errors: ['unauthenticated', 'forbidden', 'validation_failed', 'rate_limited'] },
      params: z.object({ appId: ResourceId }),
      query: PeopleQuery,
      response: PeopleResponse,
      handler: async ({ params, query, request }) => {
        const who = await caller(request, params.appId)
        if (who.kind === 'user' && isVisitorId(who.userId)) throw new WarblerError('forbidden', 'Website visitors cannot search the people directory.')
        limit.take(params.appId, who.kind === 'user' ? who.userId : '\u0000app')
        const users = await context.storage.users.searchPeople(params.appId, {
          ...(query.ids ? { ids: query.ids } : query.q ? { query: query.q } : {}),
          excludeIdPrefix: VISITOR_PREFIX,
          limit: query.ids ? query.ids.length || 1 : query.limit,
        })
        return listPage(users.map(toPerson), null, 'people') as PeopleResponse
      },
    }),
  ]
}
