import type { Bus } from '../bus/bus.js'
import type { DomainEvents } from '../domain/domain-events.js'
import type { MessageService } from '../domain/message-service.js'
import type { Logger } from '../observability/logger.js'
import type { Storage } from '../storage/storage.js'
import { AssignmentLoop, type AssignmentLoopOptions } from './assignment-loop.js'
import { systemClock, type Clock } from './clock.js'
import { ConsolePresence, createConsolePresenceStore, supportPresence } from './console-presence.js'
import { SlaMonitor } from './sla-monitor.js'
import { SupportGate } from './support-gate.js'
import { SupportRecords } from './support-records.js'
import { SupportService, type SupportDependencies } from './support-service.js'

/** Options of customer service (tests inject a clock and a faster sweep). */
export interface SupportOptions extends AssignmentLoopOptions {
  clock?: Clock
  /** How long a console inbox window counts as the agent's session without renewing (default 90 s). */
  consolePresenceTtlMs?: number
}

/** Customer service as the server holds it. */
export interface SupportModule {
  service: SupportService
  records: SupportRecords
  gate: SupportGate
  loop: AssignmentLoop
  sla: SlaMonitor
  /** Console inbox windows working as an agent, counted as that agent's connected session. */
  consoles: ConsolePresence
  /** Starts the loop and listens to stored messages; returns a function that stops both. */
  start(): () => Promise<void>
}

/**
 * Builds customer service over storage, messages and presence.
 *
 * @example
 * ```ts
 * const support = createSupport({ storage, messages, presence, bus, webhooks, domainEvents, logger })
 * const stop = support.start()
 * ```
 */
export function createSupport(
  deps: Omit<SupportDependencies, 'clock'> & { storage: Storage; messages: MessageService; domainEvents: DomainEvents; logger: Logger; bus: Bus },
  options: SupportOptions = {},
): SupportModule {
  const consoles = new ConsolePresence(createConsolePresenceStore(deps.bus), options.consolePresenceTtlMs)
  const service = new SupportService({ ...deps, presence: supportPresence(deps.presence, consoles), clock: options.clock ?? systemClock })
  const records = new SupportRecords(service, deps.storage)
  const gate = new SupportGate(service, deps.storage)
  const sla = new SlaMonitor(service, deps.storage, (appId, type, data) => deps.webhooks.emit(appId, type, data))
  const loop = new AssignmentLoop(service, deps.storage, sla, deps.logger, options)
  return {
    service, records, gate, loop, sla, consoles,
    start() {
      loop.start()
      const off = deps.domainEvents.on('message.created', ({ appId, event }) => {
        gate.messageStored(appId, event).catch((error: unknown) => deps.logger.warn({ err: error }, 'first response not recorded'))
      })
      return async () => {
        off()
        await loop.stop()
      }
    },
  }
}
