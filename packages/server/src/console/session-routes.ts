import type { FastifyInstance } from 'fastify'
import { WarblerError } from '@warbler/protocol'
import { z } from 'zod'
import { bearerToken, safeEqual } from '../auth/secrets.js'
import type { ServerContext } from '../server-context.js'
import { originOf, parseBody, requireAccount, requireCsrfHeader } from './console-route.js'
import { readCookie, SESSION_COOKIE, sessionCookie } from './cookies.js'
import { permissionsOf } from './roles.js'
import { SignInThrottle } from './sign-in-throttle.js'

const Credentials = z.object({ email: z.string().email().max(320), password: z.string().min(1).max(1024) })
const NewOwner = Credentials.extend({ name: z.string().max(200).optional() })

/**
 * Sign-in, sign-out, "who am I", and `POST /api/v1/console/owners` (operator key) that creates an
 * owner account: the way into a fresh deployment, refused (409) once an active owner exists.
 */
export function registerSessionRoutes(
  fastify: FastifyInstance,
  context: ServerContext,
  throttles = { email: new SignInThrottle({ maxFailures: 5 }), ip: new SignInThrottle({ maxFailures: 20 }) },
): void {
  fastify.post('/api/v1/console/owners', async (request, reply) => {
    const token = bearerToken(request.headers.authorization)
    if (!token) throw new WarblerError('unauthenticated', 'Send Authorization: Bearer <operator key>.')
    if (!safeEqual(token, context.operatorKey)) throw new WarblerError('invalid_credentials', 'The operator key is not valid.')
    const body = parseBody(NewOwner, request.body)
    const target = body.email.trim().toLowerCase()
    let account
    try {
      account = await context.console.createFirstOwner(body)
    } catch (error) {
      if (WarblerError.isInstance(error) && error.code === 'conflict') {
        await context.console.audit({ actorType: 'operator', actorId: null, action: 'console.owner-create-refused', target, status: error.status, ...originOf(request) })
      }
      throw error
    }
    await context.console.audit({ actorType: 'operator', actorId: null, action: 'console.owner-create', target: account.email, status: 201, ...originOf(request) })
    reply.code(201)
    return account
  })

  fastify.post('/api/v1/console/session', async (request, reply) => {
    requireCsrfHeader(request)
    const body = parseBody(Credentials, request.body)
    const origin = originOf(request)
    const emailKey = [body.email.toLowerCase()]
    const ipKey = [origin.ip ?? '']
    // Per email (guessing one account) and, more loosely, per IP (many accounts from one place).
    const wait = Math.max(throttles.email.retryAfterSeconds(emailKey), throttles.ip.retryAfterSeconds(ipKey))
    if (wait > 0) {
      reply.header('retry-after', String(wait))
      throw new WarblerError('rate_limited', `Too many failed sign-ins; try again in ${wait} s.`)
    }
    try {
      const { sessionId, account, expiresAt } = await context.console.signIn(body.email, body.password, origin)
      throttles.email.succeed(emailKey)
      await context.console.audit({ actorType: 'console', actorId: account.email, action: 'console.sign-in', status: 200, ...origin })
      reply.header('set-cookie', sessionCookie(sessionId, { maxAgeSeconds: (expiresAt - context.console.now()) / 1000, secure: request.protocol === 'https' }))
      return { account, expiresAt, permissions: permissionsOf(account.role) }
    } catch (error) {
      if (error instanceof WarblerError && error.code === 'invalid_credentials') {
        throttles.email.fail(emailKey)
        throttles.ip.fail(ipKey)
        await context.console.audit({ actorType: 'anonymous', actorId: body.email.toLowerCase(), action: 'console.sign-in-failed', status: 401, ...origin })
      }
      throw error
    }
  })

  fastify.delete('/api/v1/console/session', async (request, reply) => {
    requireCsrfHeader(request)
    const sessionId = readCookie(request.headers.cookie, SESSION_COOKIE)
    if (sessionId) {
      const session = await context.console.authenticate(sessionId)
      await context.console.signOut(sessionId)
      if (session) await context.console.audit({ actorType: 'console', actorId: session.account.email, action: 'console.sign-out', status: 200, ...originOf(request) })
    }
    reply.header('set-cookie', sessionCookie('', { maxAgeSeconds: 0, secure: request.protocol === 'https' }))
    return { signedOut: true }
  })

  fastify.get('/api/v1/console/session', async (request) => {
    const account = await requireAccount(context, request)
    return { account, permissions: permissionsOf(account.role) }
  })
}
