import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { Counter } from 'prom-client'
import { WarblerError } from '@warbler/protocol'
import { bearerToken, safeEqual } from '../../auth/secrets.js'
import type { AuditActorType } from '../../storage/console-store.js'
import type { ServerContext } from '../../server-context.js'
import { allowlistAddress } from './client-address.js'
import { loadIpAllowlistSettings, type IpAllowlistSettings } from './ip-allowlist-settings.js'
import { RefusalAudit, type AllowlistScope } from './refusal-audit.js'

/** The `details.reason` of a refusal (the code is `forbidden`, 403). */
export const IP_NOT_ALLOWED = 'ip_not_allowed'

const CONSOLE_PATH = /^\/(?:console|api\/v1\/console)(?:\/|$)/
const CONSOLE_PAGE = /^\/console(?:\/|$)/

/**
 * Which allowlist applies to a request: admin for a bearer credential that is not a user token,
 * console for console paths, else none. Every bearer token that is neither a user (or visitor)
 * token — a JWT, three dot-separated parts — nor a console proxy grant (`wcg_`) counts as an admin
 * credential, a wrong one included: otherwise a refused address could tell a right key (refused)
 * from a wrong one (401) and use the allowlist as an oracle.
 */
export function scopeOf(request: Pick<FastifyRequest, 'headers' | 'url'>, operatorKey: string): { scope: AllowlistScope; actorType: AuditActorType } | undefined {
  const token = bearerToken(request.headers.authorization)
  if (token && safeEqual(token, operatorKey)) return { scope: 'admin', actorType: 'operator' }
  if (token && token.split('.').length !== 3 && !token.startsWith('wcg_')) {
    return { scope: 'admin', actorType: token.startsWith('wsk_') ? 'app-secret' : 'anonymous' }
  }
  const path = request.url.split('?')[0] ?? ''
  return CONSOLE_PATH.test(path) ? { scope: 'console', actorType: 'anonymous' } : undefined
}

/**
 * Refuses requests from addresses outside the configured allowlists, before routing to any handler:
 * the console (its pages and `/api/v1/console/…`, SSO included) against
 * `WARBLER_CONSOLE_IP_ALLOWLIST`, and every request that carries the operator key or an app secret
 * (or any other bearer key that is not a user token; whatever the path: the app API,
 * `/api/v1/console/owners`, the OpenAI-compatible API) against
 * `WARBLER_ADMIN_IP_ALLOWLIST`. A request with an admin credential is judged by the admin list
 * only. The answer is `403 forbidden` with `details.reason: 'ip_not_allowed'` (a console page gets
 * a short page in English and 中文), and the refusal is an audit entry (`ip.refused`, coalesced per
 * address: see {@link RefusalAudit}). The credential is not checked first, so a refused address
 * learns nothing about whether its key was right.
 */
export function registerIpAllowlist(
  fastify: FastifyInstance,
  context: ServerContext,
  settings: IpAllowlistSettings = loadIpAllowlistSettings(),
  refusals = new RefusalAudit(),
): void {
  if (!settings.console && !settings.admin) return
  const refusedTotal = new Counter({ name: 'warbler_ip_refused_total', help: 'Requests refused by an IP allowlist, by allowlist', labelNames: ['scope'], registers: [context.metrics.registry] })
  fastify.addHook('onRequest', async (request, reply) => {
    const applies = scopeOf(request, context.operatorKey)
    if (!applies) return
    const list = settings[applies.scope]
    if (!list) return
    const address = allowlistAddress(request.headers, request.socket.remoteAddress, context.config.trustProxy)
    if (list.contains(address)) return
    refusedTotal.inc({ scope: applies.scope })
    const report = refusals.refused(applies.scope, address)
    if (report) {
      const userAgent = request.headers['user-agent']
      try {
        await context.console.audit({
          actorType: applies.actorType,
          actorId: null,
          action: 'ip.refused',
          target: request.url.split('?')[0]?.slice(0, 512) ?? null,
          status: 403,
          ip: address,
          userAgent: typeof userAgent === 'string' ? userAgent.slice(0, 512) : null,
          details: { scope: report.scope, refused: report.refused },
        })
      } catch (error) {
        context.logger.error({ err: error }, 'audit entry of an IP refusal not written')
      }
    }
    const message = applies.scope === 'console' ? 'The console is not open to your network address.' : 'The admin API is not open to this network address.'
    if (applies.scope === 'console' && request.method === 'GET' && CONSOLE_PAGE.test(request.url)) return refusedPage(reply)
    throw new WarblerError('forbidden', message, { details: { reason: IP_NOT_ALLOWED } })
  })
}

function refusedPage(reply: FastifyReply): FastifyReply {
  const page = `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Not allowed · 不允许访问</title></head>
<body style="font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#1a1a1a">
<h1 style="font-size:1.4rem">The console is not open to your network</h1>
<p>Your network address is not on the console's allowlist. Connect through your company network or VPN, or ask the operator to add your address.</p>
<h1 style="font-size:1.4rem" lang="zh-CN">控制台未对你的网络开放</h1>
<p lang="zh-CN">你的网络地址不在控制台的允许列表中。请通过公司网络或 VPN 访问，或请运维人员添加你的地址。</p>
</body></html>`
  return reply.code(403).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'").send(page)
}
