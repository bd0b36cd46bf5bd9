import type { AuditQuery } from '../storage/console-store.js'
import type { ServerContext } from '../server-context.js'
import { auditToCsv } from './audit-csv.js'
import { botUsageAnalytics } from './bot-usage-analytics.js'
import { defineConsoleRoute, type ConsoleRoute } from './console-route.js'

const DAY_MS = 24 * 60 * 60 * 1000

function auditQuery(query: Record<string, string | undefined>, limit: number): AuditQuery {
  const time = (value: string | undefined) => {
    if (!value) return undefined
    const parsed = /^\d+$/.test(value) ? Number(value) : Date.parse(value)
    return Number.isFinite(parsed) ? parsed : undefined
  }
  const from = time(query.from)
  const to = time(query.to)
  const beforeId = Number(query.beforeId)
  return {
    limit,
    ...(query.actor ? { actor: query.actor } : {}),
    ...(query.action ? { action: query.action } : {}),
    ...(query.appId ? { appId: query.appId } : {}),
    ...(from === undefined ? {} : { from }),
    ...(to === undefined ? {} : { to }),
    ...(Number.isInteger(beforeId) && beforeId > 0 ? { beforeId } : {}),
  }
}

/** The audit log (filterable, CSV export) and analytics. */
export function auditRoutes(context: ServerContext): ConsoleRoute[] {
  return [
    defineConsoleRoute({
      method: 'GET',
      url: '/audit',
      permission: 'read',
      handler: async ({ query }) => {
        const limit = Math.min(Math.max(Number(query.limit) || 100, 1), 500)
        const entries = await context.storage.console.listAudit(auditQuery(query, limit))
        return { entries, next: entries.length === limit ? (entries.at(-1)?.id ?? null) : null }
      },
    }),
    defineConsoleRoute({
      method: 'GET',
      url: '/audit.csv',
      permission: 'read',
      handler: async ({ query, reply }) => {
        const entries = await context.storage.console.listAudit(auditQuery(query, 100_000))
        reply.header('content-type', 'text/csv; charset=utf-8')
        reply.header('content-disposition', `attachment; filename="warbler-audit-${new Date(context.console.now()).toISOString().slice(0, 10)}.csv"`)
        return auditToCsv(entries)
      },
    }),
    defineConsoleRoute({
      method: 'GET',
      url: '/analytics',
      permission: 'read',
      handler: async ({ query }) => {
        const days = Math.min(Math.max(Number(query.days) || 30, 1), 365)
        const since = context.console.now() - days * DAY_MS
        const counts = await context.storage.console.analytics({ since, ...(query.appId ? { appId: query.appId } : {}) })
        const appIds = query.appId ? [query.appId] : (await context.storage.apps.list({ limit: 1000 })).map((app) => app.id)
        const usage = await botUsageAnalytics(context.storage.bots, appIds, { since, now: context.console.now() })
        // The bots' usage counters are the source of truth for tokens and hand-offs when they exist.
        return usage ? { days, since, ...counts, tokensPerBot: usage.tokensPerBot, handedOff: usage.handoffs } : { days, since, ...counts }
      },
    }),
  ]
}
