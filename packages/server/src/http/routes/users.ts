import {
  CreateTokenRequest,
  CreateUserRequest,
  ListQuery,
  ResourceId,
  RevokeTokensResponse,
  TokenResponse,
  UpdateUserRequest,
  User,
  UserId,
} from '@warbler/protocol'
import { z } from 'zod'
import { toUserView } from '../../domain/user-service.js'
import type { ServerContext } from '../../server-context.js'
import { listPage, listSchema } from '../list-envelope.js'
import { defineRoute } from '../route.js'

const AppParams = z.object({ appId: ResourceId })
const UserParams = z.object({ appId: ResourceId, userId: UserId })

/** App-backend routes: users and their tokens. */
export function userRoutes(context: ServerContext) {
  return [
    defineRoute({
      method: 'POST',
      url: '/api/v1/apps/:appId/users',
      summary: 'Create a user (give your own id, or get a generated one).',
      tag: 'users',
      auth: 'app',
      openapi: { errors: ['already_exists'], examples: { request: { id: 'alice', name: 'Alice' }, response: { id: 'alice', name: 'Alice', kind: 'person', avatarUrl: null, ext: {}, createdAt: 1765100000000 } } },
      params: AppParams,
      body: CreateUserRequest,
      response: User,
      status: 201,
      handler: async ({ params, body }) => {
        const user = await context.users.create(params.appId, body)
        context.domainEvents.emit('user.created', { appId: params.appId, userId: user.id, name: user.name, kind: user.kind, ext: user.ext })
        return toUserView(user)
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/apps/:appId/users',
      summary: 'List users by id.',
      tag: 'users',
      auth: 'app',
      params: AppParams,
      query: ListQuery,
      openapi: { description: 'Pass `next` back as `after` for the next page.' },
      response: listSchema(User, { legacyKey: 'users' }),
      handler: async ({ params, query }) => {
        const users = await context.users.list(params.appId, { limit: query.limit, ...(query.after ? { after: query.after } : {}) })
        return listPage(users.map(toUserView), users.length === query.limit ? (users.at(-1)?.id ?? null) : null, 'users')
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/apps/:appId/users/:userId',
      summary: 'Read a user.',
      tag: 'users',
      auth: 'app',
      params: UserParams,
      response: User,
      handler: async ({ params }) => toUserView(await context.users.require(params.appId, params.userId)),
    }),
    defineRoute({
      method: 'PATCH',
      url: '/api/v1/apps/:appId/users/:userId',
      summary: 'Update a user’s name, avatar or ext.',
      tag: 'users',
      auth: 'app',
      params: UserParams,
      body: UpdateUserRequest,
      response: User,
      handler: async ({ params, body }) => toUserView(await context.users.update(params.appId, params.userId, body)),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/apps/:appId/users/:userId/tokens',
      summary: 'Mint a user token for the WebSocket and the SDK.',
      tag: 'users',
      auth: 'app',
      openapi: { examples: { request: { ttlSeconds: 86400 }, response: { token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl', expiresAt: 1765186400000 } } },
      params: UserParams,
      body: CreateTokenRequest,
      response: TokenResponse,
      status: 201,
      handler: async ({ params, body }) => context.users.mintToken(params.appId, params.userId, body.ttlSeconds),
    }),
    defineRoute({
      method: 'DELETE',
      url: '/api/v1/apps/:appId/users/:userId/tokens',
      summary: 'Revoke every token of the user; open connections are closed with token_revoked and the user’s push devices are removed.',
      tag: 'users',
      auth: 'app',
      openapi: { operationId: 'revokeUserTokens' },
      params: UserParams,
      response: RevokeTokensResponse,
      handler: async ({ params }) => {
        const tokenVersion = await context.users.revokeTokens(params.appId, params.userId)
        await context.push.service.forgetUser(params.appId, params.userId)
        await context.control.send({ type: 'kick-user', appId: params.appId, userId: params.userId, code: 'token_revoked' })
        return { revoked: true as const, tokenVersion }
      },
    }),
    defineRoute({
      method: 'PUT',
      url: '/api/v1/apps/:appId/users/:userId/ban',
      summary: 'Ban or unban a user. A banned user cannot connect; open connections are closed.',
      tag: 'users',
      auth: 'app',
      openapi: { operationId: 'setUserBanned' },
      params: UserParams,
      body: z.object({ banned: z.boolean() }),
      response: User.extend({ banned: z.boolean() }),
      handler: async ({ params, body }) => {
        const user = await context.users.setBanned(params.appId, params.userId, body.banned)
        if (body.banned) await context.control.send({ type: 'kick-user', appId: params.appId, userId: params.userId, code: 'user_banned' })
        return { ...toUserView(user), banned: user.banned }
      },
    }),
  ]
}
