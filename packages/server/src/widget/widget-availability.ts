import type { ServerContext } from '../server-context.js'
import { businessDueAt } from '../support/business-hours.js'

/** What the widget tells a visitor waiting for a person. */
export interface WidgetAvailability {
  /** An agent is online, connected and below capacity. */
  agentsAvailable: boolean
  /** Inside the app's business hours now. */
  open: boolean
  /** When the business hours open next (now when open; null when they never open). */
  nextOpenAt: number | null
}

/**
 * Whether someone can answer now and, if not, when: customer service's available agents and its
 * business hours. `now` is a dependency so tests need not wait for a weekend.
 */
export async function widgetAvailability(context: Pick<ServerContext, 'support'>, appId: string, now = Date.now()): Promise<WidgetAvailability> {
  const [agents, settings] = await Promise.all([context.support.service.availableAgents(appId), context.support.service.settings(appId)])
  const nextOpen = businessDueAt(now, 0, settings.businessHours)
  return { agentsAvailable: agents.length > 0, open: nextOpen !== undefined && nextOpen <= now, nextOpenAt: nextOpen ?? null }
}
