import type { FastifyInstance } from 'fastify'
import type { AuthFailureThrottle } from '../auth/auth-failure-throttle.js'

/**
 * Throttles wrong credentials on every HTTP route that takes a bearer credential (operator key, app
 * secret, user token; REST, files, the OpenAI-compatible API): a blocked source address is answered
 * 429 `rate_limited` with Retry-After before its credentials are checked, and every refusal of a
 * wrong one counts against its address (`request.ip`, which honours `WARBLER_TRUST_PROXY`).
 */
export function registerAuthThrottle(fastify: FastifyInstance, throttle: AuthFailureThrottle): void {
  fastify.addHook('onRequest', async (request, reply) => {
    if (!request.headers.authorization) return
    try {
      await throttle.check(request.ip)
    } catch (error) {
      const wait = (error as { details?: { retryAfterSeconds?: number } }).details?.retryAfterSeconds
      if (wait !== undefined) reply.header('Retry-After', String(wait))
      throw error
    }
  })
  fastify.addHook('onError', async (request, _reply, error) => {
    if (request.headers.authorization) await throttle.failed(request.ip, error)
  })
}
