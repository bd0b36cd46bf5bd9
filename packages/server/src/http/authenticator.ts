import type { FastifyRequest } from 'fastify'
import { WarblerError } from '@warbler/protocol'
import { bearerToken, safeEqual } from '../auth/secrets.js'
import type { ServerContext } from '../server-context.js'
import type { Authenticator } from './route.js'

/**
 * Route authentication. `operator`: the operator key. `app`: the app's own secret (the operator key is
 * accepted too, so an operator can act on any app; so is a console grant of that app, see
 * `ConsoleAppGrants`).
 */
export function createAuthenticator(context: ServerContext): Authenticator {
  return async (request: FastifyRequest, auth, appId) => {
    if (auth === 'none') return undefined
    // A console account acting through the console's app API proxy: that one app, nothing more.
    const consolePrincipal = context.console.appGrants.principalOf(request)
    if (consolePrincipal) {
      if (auth !== 'app' || appId !== consolePrincipal.appId) throw new WarblerError('forbidden', 'The console may only call app routes of its app.')
      return context.apps.require(appId)
    }
    const token = bearerToken(request.headers.authorization)
    if (!token) throw new WarblerError('unauthenticated', 'Send Authorization: Bearer <key>.')
    const isOperator = safeEqual(token, context.operatorKey)
    if (auth === 'operator') {
      if (!isOperator) throw new WarblerError('invalid_credentials', 'The operator key is not valid.')
      return undefined
    }
    if (appId === undefined) throw new WarblerError('bad_request', 'The route names no app.')
    if (isOperator) return context.apps.require(appId)
    return context.apps.authenticate(token, appId)
  }
}
