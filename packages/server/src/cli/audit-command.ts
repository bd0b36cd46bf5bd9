import { AuditChain } from '../compliance/audit-chain.js'
import { resolveAuditKey } from '../compliance/audit-key.js'
import { loadConfig } from '../config/config.js'
import { openStorage } from '../storage/open-storage.js'

const USAGE = `Usage: warbler audit verify [--anchor <seq>:<mac>]
  Checks the tamper-evident audit chain of the database WARBLER_DATA_DIR or WARBLER_DATABASE_URL
  names, with the key in WARBLER_AUDIT_KEY or <data dir>/audit-key. Exits 1 naming the first entry
  that was edited, inserted or removed; --anchor also checks a head saved earlier (GET /api/v1/audit/head).
`

/** `warbler audit verify`: returns the exit code (0 intact, 1 broken, 2 usage). */
export async function auditCommand(args: readonly string[], out: (text: string) => void = (text) => process.stdout.write(text)): Promise<number> {
  const [subcommand, ...rest] = args
  if (subcommand !== 'verify') {
    out(USAGE)
    return 2
  }
  let anchor: { seq: number; mac: string } | undefined
  for (let index = 0; index < rest.length; index++) {
    const match = rest[index] === '--anchor' ? /^(\d+):([0-9a-f]{64})$/.exec(rest[index + 1] ?? '') : null
    if (!match) {
      out(USAGE)
      return 2
    }
    anchor = { seq: Number(match[1]), mac: match[2]! }
    index++
  }
  const config = loadConfig()
  const { key } = resolveAuditKey(config.dataDir, process.env.WARBLER_AUDIT_KEY, { create: false })
  const storage = await openStorage(config)
  try {
    await storage.migrate()
    if (!storage.compliance) throw new Error('This storage has no audit chain.')
    const verdict = await new AuditChain(storage.compliance, key).verify(anchor ? { anchor } : {})
    if (verdict.ok) {
      out(`Audit chain intact: ${verdict.entries} ${verdict.entries === 1 ? 'entry' : 'entries'}, head ${verdict.head.seq}:${verdict.head.mac}\n`)
      return 0
    }
    out(`Audit chain broken at entry ${verdict.seq} (${verdict.problem}): ${verdict.message}\n${verdict.entries} entries before it hold.\n`)
    return 1
  } finally {
    await storage.close()
  }
}
