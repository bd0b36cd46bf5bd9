import type { FastifyRequest } from 'fastify'
import { WarblerError } from '@warbler/protocol'
import { bearerToken, safeEqual } from '../auth/secrets.js'
import type { ServerContext } from '../server-context.js'
import type { FileCaller } from './file-service.js'

/**
 * Authenticates a file route: `Authorization: Bearer <app secret | operator key | user token>`.
 * A user token must belong to the app in the path.
 */
export async function authenticateFileCaller(context: Pick<ServerContext, 'apps' | 'tokens' | 'operatorKey'>, request: FastifyRequest, appId: string): Promise<FileCaller> {
  const token = bearerToken(request.headers.authorization)
  if (!token) throw new WarblerError('unauthenticated', 'Send Authorization: Bearer <app secret or user token>.')
  if (safeEqual(token, context.operatorKey)) {
    await context.apps.require(appId)
    return { kind: 'app' }
  }
  if (token.split('.').length === 3) {
    const identity = await context.tokens.verify(token)
    if (identity.appId !== appId) throw new WarblerError('forbidden', 'The token belongs to another app.')
    return { kind: 'user', userId: identity.userId }
  }
  await context.apps.authenticate(token, appId)
  return { kind: 'app' }
}
