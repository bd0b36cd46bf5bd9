import { resolveAuditKey } from '../compliance/audit-key.js'
import { AuditChain } from '../compliance/audit-chain.js'
import { chainedConsoleStore } from '../compliance/chained-console-store.js'
import { RetentionService } from '../compliance/retention-service.js'
import { loadConfig } from '../config/config.js'
import { ConversationService } from '../domain/conversation-service.js'
import { newId } from '../domain/ids.js'
import { createFiles } from '../files/create-files.js'
import { loadFileSettings } from '../files/file-settings.js'
import { createLogger } from '../observability/logger.js'
import { openStorage } from '../storage/open-storage.js'

const USAGE = `Usage: warbler retention run [--as-of <ISO date>]
  Purges what the retention policies expire, as of now or of the given date (to catch up, or to
  test a policy), on the database WARBLER_DATA_DIR or WARBLER_DATABASE_URL names; legal holds keep
  what they cover. Prints what it did; exits 1 when another node is purging.
`

/** `warbler retention run`: returns the exit code (0 done, 1 not run, 2 usage). */
export async function retentionCommand(args: readonly string[], out: (text: string) => void = (text) => process.stdout.write(text)): Promise<number> {
  const [subcommand, ...rest] = args
  let asOf: number | undefined
  if (rest[0] === '--as-of' && rest.length === 2) asOf = Date.parse(rest[1]!)
  if (subcommand !== 'run' || (rest.length > 0 && (asOf === undefined || Number.isNaN(asOf)))) {
    out(USAGE)
    return 2
  }
  const config = loadConfig()
  const { key } = resolveAuditKey(config.dataDir, process.env.WARBLER_AUDIT_KEY)
  const storage = await openStorage(config)
  try {
    await storage.migrate()
    if (!storage.compliance) throw new Error('This storage has no retention tables.')
    const logger = createLogger({ level: 'warn' })
    const files = await createFiles(storage, new ConversationService(storage), loadFileSettings(config.dataDir, process.env))
    const consoleStore = chainedConsoleStore(storage.console, new AuditChain(storage.compliance, key), logger)
    const retention = new RetentionService({ storage, store: storage.compliance, files: files.files, audit: (entry) => consoleStore.appendAudit(entry), holder: newId('cli'), now: Date.now })
    const report = await retention.run(asOf === undefined ? {} : { asOf })
    if (!report.ran) {
      out('Another node is running retention now; nothing was done.\n')
      return 1
    }
    out(
      `Retention as of ${new Date(report.asOf).toISOString()}: ${report.messages} messages (${report.events} events) purged in ${report.conversations} conversations of ${report.apps} apps, ` +
        `${report.files} files and ${report.webhookDeliveries} webhook log entries deleted, ${report.heldConversations} conversations kept by legal holds; ${report.durationMs} ms (${report.eventsPerSecond} events/s).\n`,
    )
    return 0
  } finally {
    await storage.close()
  }
}
