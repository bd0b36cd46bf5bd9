import type { ServerContext } from '../server-context.js'
import { defineConsoleRoute, type ConsoleRoute } from './console-route.js'

const DAY_MS = 24 * 60 * 60 * 1000
/** Recent audit entries the dashboard shows. */
const RECENT_ACTIVITY = 10

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
        return { since, ...counts, activity }
      },
    }),
  ]
}
