import type { FastifyInstance, FastifyReply } from 'fastify'
import { FailureWindow } from '../../auth/failure-window.js'
import type { ServerContext } from '../../server-context.js'
import { originOf } from '../console-route.js'
import { readCookie, sessionCookie } from '../cookies.js'
import { FLOW_COOKIE, flowCookie, FlowSealer } from './flow-cookie.js'
import { FLOW_TTL_MS, OidcClient, SsoFailure } from './oidc-client.js'
import { ssoSignIn, type SsoRefusal } from './sso-sign-in.js'
import { loadSsoSettings, type SsoSettings } from './sso-settings.js'

/** What `GET /api/v1/console/sso` answers: whether the sign-in page offers "Sign in with …". */
export type SsoInfo = { enabled: false } | { enabled: true; provider: string; startUrl: string }

/** Every reason the callback sends the browser back to the sign-in page with (`/console?sso_error=<reason>`). */
export type SsoErrorReason = SsoRefusal | SsoFailure['reason'] | 'expired' | 'throttled'

const START = '/api/v1/console/sso/start'
const CALLBACK = '/api/v1/console/sso/callback'

function back(reply: FastifyReply, reason?: SsoErrorReason): FastifyReply {
  return reply.code(302).header('cache-control', 'no-store').header('location', reason ? `/console?sso_error=${reason}` : '/console').send()
}

/**
 * Console sign-in with OpenID Connect (settings from `WARBLER_OIDC_*`, see {@link loadSsoSettings}):
 * `GET /api/v1/console/sso` (what the sign-in page shows), `GET …/sso/start` (sets the sealed
 * attempt cookie and redirects to the provider) and `GET …/sso/callback` (checks the answer, maps
 * the role, opens a console session and redirects to `/console`, or back to the sign-in page with
 * `?sso_error=<reason>`). Sign-ins and refusals are audit entries (`console.sso-sign-in`,
 * `console.sso-refused`), as are accounts created or changed on the way. After 20 refused callbacks
 * from one address in 15 minutes, further ones are turned back (`throttled`) without calling the
 * provider or writing the audit log, so a flood of forged callbacks cannot flood the chain.
 */
export function registerSsoRoutes(
  fastify: FastifyInstance,
  context: ServerContext,
  settings: SsoSettings | undefined = loadSsoSettings(),
  refusals = new FailureWindow({ maxFailures: 20 }),
): void {
  fastify.get('/api/v1/console/sso', async (): Promise<SsoInfo> => (settings ? { enabled: true, provider: settings.providerName, startUrl: START } : { enabled: false }))
  if (!settings) return
  const client = new OidcClient(settings, context.logger.child({ component: 'console-sso' }))
  const sealer = new FlowSealer(context.operatorKey)
  const secure = (protocol: string) => settings.redirectUri.protocol === 'https:' || protocol === 'https'
  const provider = settings.providerName

  fastify.get(START, async (request, reply) => {
    try {
      const { flow, url } = await client.start(context.console.now())
      reply.header('set-cookie', flowCookie(sealer.seal(flow), { maxAgeSeconds: FLOW_TTL_MS / 1000, secure: secure(request.protocol) }))
      return reply.code(302).header('cache-control', 'no-store').header('location', url.href).send()
    } catch (error) {
      if (error instanceof SsoFailure) return back(reply, error.reason)
      throw error
    }
  })

  fastify.get(CALLBACK, async (request, reply) => {
    const origin = originOf(request)
    const address = [origin.ip ?? '']
    const refuse = async (reason: SsoErrorReason, actorId: string | null, message?: string) => {
      refusals.fail(address)
      await context.console.audit({ actorType: 'anonymous', actorId, action: 'console.sso-refused', status: 403, details: { provider, reason, ...(message ? { message: message.slice(0, 300) } : {}) }, ...origin })
      return back(reply, reason)
    }
    // The attempt is single use: its cookie goes whatever happens next.
    const clear = flowCookie('', { maxAgeSeconds: 0, secure: secure(request.protocol) })
    reply.header('set-cookie', clear)
    if (refusals.retryAfterSeconds(address) > 0) return back(reply, 'throttled')
    const flow = sealer.open(readCookie(request.headers.cookie, FLOW_COOKIE), context.console.now())
    if (!flow) return refuse('expired', null)
    const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : ''
    let claims: Record<string, unknown>
    try {
      claims = await client.finish(query, flow)
    } catch (error) {
      if (error instanceof SsoFailure) return refuse(error.reason, null, error.message)
      throw error
    }
    const result = await ssoSignIn(context, settings, claims, origin)
    if (!result.ok) return refuse(result.reason, result.email ?? result.subject)
    const { account } = result
    refusals.succeed(address)
    if (result.created) {
      await context.console.audit({ actorType: 'console', actorId: account.email, action: 'console.account-create', target: `${account.email} (${account.role})`, status: 201, details: { via: 'sso', provider }, ...origin })
    } else if (result.roleChanged) {
      await context.console.audit({ actorType: 'console', actorId: account.email, action: 'console.account-update', target: `${account.email} (${account.role})`, status: 200, details: { via: 'sso', provider }, ...origin })
    }
    await context.console.audit({
      actorType: 'console',
      actorId: account.email,
      action: 'console.sso-sign-in',
      status: 200,
      details: { provider, role: account.role, ...(result.keptRole ? { mappedRole: result.mappedRole, kept: 'last_owner' } : {}) },
      ...origin,
    })
    // Fastify appends Set-Cookie values: the attempt's clearing cookie is already on the reply.
    reply.header('set-cookie', sessionCookie(result.sessionId, { maxAgeSeconds: (result.expiresAt - context.console.now()) / 1000, secure: secure(request.protocol) }))
    return back(reply)
  })
}
