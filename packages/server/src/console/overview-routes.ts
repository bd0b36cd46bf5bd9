import type { ServerContext } from '../server-context.js'
import type { AuditEntry } from '../storage/console-store.js'
import { defineConsoleRoute, type ConsoleRoute } from './console-route.js'

const DAY_MS = 24 * 60 * 60 * 1000
/** Recent audit entries the dashboard shows. */
const RECENT_ACTIVITY = 10

/**
 * Adds what the dashboard needs to read an entry as a sentence: the console account's name
 * (`actorName`) and the current name of the bot it was done to (`targetName`, when it still exists).
 */
async function withNames(context: ServerContext, appId: string, activity: AuditEntry[]) {
  const emails = [...new Set(activity.filter((entry) => entry.actorType === 'console' && entry.actorId).map((entry) => entry.actorId!))]
  const accounts = new Map(await Promise.all(emails.map(async (email) => [email, (await context.storage.console.getAccountByEmail(email))?.name] as const)))
  const bots = activity.some((entry) => /\/bots\/[^/]+/.test(entry.target ?? '')) ? new Map((await context.bots.list(appId)).map((bot) => [bot.id, bot.config.name])) : new Map<string, string>()
  return activity.map((entry) => {
    const botId = /\/bots\/([^/]+)/.exec(entry.target ?? '')?.[1]
    const actorName = entry.actorId ? accounts.get(entry.actorId) : undefined
    const targetName = botId ? bots.get(decodedOrAsIs(botId)) : undefined
    return { ...entry, ...(actorName ? { actorName } : {}), ...(targetName ? { targetName } : {}) }
  })
}

/** A path segment percent-decoded, or as written when it is not valid percent-encoding (an audit target is past input). */
function decodedOrAsIs(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

/**
 * `GET /api/v1/console/apps/{appId}/overview?since=`: the landing dashboard of one app — people,
 * bots, conversations, messages since `since` (the browser's local midnight: "today" is the
 * reader's day; at most a week back, default the last 24 hours), open support conversations, and
 * the newest audit entries of the app (recent activity).
 */
export function overviewRoutes(context: ServerContext): ConsoleRoute[] {
  return [
    defineConsoleRoute({
      method: 'GET',
      url: '/apps/:appId/overview',
      permission: 'read',
      handler: async ({ params, query }) => {
        const appId = params.appId!
        await context.apps.require(appId)
        const now = context.console.now()
        const asked = Number(query.since)
        const since = Number.isFinite(asked) && asked > 0 ? Math.min(Math.max(asked, now - 7 * DAY_MS), now) : now - DAY_MS
        const [counts, activity] = await Promise.all([
          context.storage.console.overview(appId, { since }),
          context.storage.console.listAudit({ appId, limit: RECENT_ACTIVITY }),
        ])
        return { since, ...counts, activity: await withNames(context, appId, activity) }
      },
    }),
  ]
}
