import type { FastifyInstance } from 'fastify'
import type { ServerContext } from '../server-context.js'
import { readCookie, SESSION_COOKIE } from './cookies.js'
import { permissionsOf } from './roles.js'

/**
 * `GET /api/v1/console/start`: what the console shows on load, answered 200 whether or not someone
 * is signed in (so a fresh page logs no 401): the session when there is one, and `ownerNeeded`
 * while the deployment has no active owner (the console then offers the first-run setup form,
 * which still needs the operator key).
 */
export function registerStartRoute(fastify: FastifyInstance, context: ServerContext): void {
  fastify.get('/api/v1/console/start', async (request) => {
    const sessionId = readCookie(request.headers.cookie, SESSION_COOKIE)
    const session = sessionId ? await context.console.authenticate(sessionId) : undefined
    const signedIn = session ? { account: session.account, permissions: permissionsOf(session.account.role) } : null
    return { session: signedIn, ownerNeeded: signedIn ? false : await context.console.ownerNeeded() }
  })
}
