import type { FastifyRequest } from 'fastify'
import { WarblerError } from '@warbler/protocol'
import { bearerToken } from '../auth/secrets.js'
import { createAuthenticator } from '../http/authenticator.js'
import type { ServerContext } from '../server-context.js'

/** Who calls a route that end users may call too: the app's backend (or console), or one user with their token. */
export type Caller = { kind: 'app' } | { kind: 'user'; userId: string }

/**
 * Authenticates the app secret, the operator key or a console grant of the app — or else a user
 * token of that app, so an end user's SDK can call the route as themselves.
 */
export function callerAuthenticator(context: ServerContext): (request: FastifyRequest, appId: string) => Promise<Caller> {
  const authenticate = createAuthenticator(context)
  return async (request, appId) => {
    const token = bearerToken(request.headers.authorization)
    // A JWT is a user token: three dot-separated parts; app secrets and operator keys have no dots.
    if (token && token.split('.').length === 3 && !context.console.appGrants.principalOf(request)) {
      try {
        const identity = await context.tokens.verify(token)
        if (identity.appId !== appId) throw new WarblerError('forbidden', 'The token belongs to another app.')
        if (identity.user.banned) throw new WarblerError('forbidden', 'The user is banned.')
        return { kind: 'user', userId: identity.userId }
      } catch (error) {
        // An operator key or secret that happens to contain dots: try it as such.
        if (!(WarblerError.isInstance(error) && error.code === 'invalid_credentials')) throw error
      }
    }
    await authenticate(request, 'app', appId)
    return { kind: 'app' }
  }
}
