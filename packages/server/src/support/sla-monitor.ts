import type { Storage } from '../storage/storage.js'
import type { SupportStateRecord } from '../storage/support-store.js'
import { businessDueAt } from './business-hours.js'
import type { SupportService, SupportWebhookType } from './support-service.js'
import type { SupportSettings } from './support-settings.js'

/** One breach found by {@link SlaMonitor.check}. */
export interface SlaBreach {
  appId: string
  conversationId: string
  target: 'first_response' | 'resolution'
  priority: SupportStateRecord['priority']
  dueAt: number
  assigneeId: string | null
}

/**
 * SLA clocks: for each open case, when its first-response and resolution targets fall due counting
 * business hours only, and a `support.sla_breached` event once per target when one passes (the
 * store's flag makes it once across nodes).
 */
export class SlaMonitor {
  constructor(
    private readonly support: SupportService,
    private readonly storage: Storage,
    private readonly emit: (appId: string, type: SupportWebhookType, data: unknown) => Promise<number>,
  ) {}

  /** Finds and announces the breaches due by now. */
  async check(): Promise<SlaBreach[]> {
    const now = this.support.clock.now()
    const settings = new Map<string, Promise<SupportSettings>>()
    const breaches: SlaBreach[] = []
    for (const state of await this.storage.support.openForSla()) {
      if (state.queuedAt === null) continue
      let appSettings = settings.get(state.appId)
      if (!appSettings) settings.set(state.appId, (appSettings = this.support.settings(state.appId)))
      const { sla, businessHours } = await appSettings
      const target = sla[state.priority]
      const checks: [SlaBreach['target'], number | null, boolean][] = [
        ['first_response', state.firstResponseAt === null ? target.firstResponseSeconds : null, state.firstResponseBreached],
        ['resolution', target.resolutionSeconds, state.resolutionBreached],
      ]
      for (const [name, seconds, announced] of checks) {
        if (seconds === null || announced) continue
        const dueAt = businessDueAt(state.queuedAt, seconds, businessHours)
        if (dueAt === undefined || dueAt > now) continue
        if (!(await this.storage.support.markBreached(state.appId, state.conversationId, name))) continue
        const breach: SlaBreach = { appId: state.appId, conversationId: state.conversationId, target: name, priority: state.priority, dueAt, assigneeId: state.assigneeId }
        breaches.push(breach)
        void this.emit(state.appId, 'support.sla_breached', {
          conversationId: breach.conversationId, target: name, priority: breach.priority, dueAt, ...(breach.assigneeId === null ? {} : { assigneeId: breach.assigneeId }),
        })
      }
    }
    return breaches
  }
}
