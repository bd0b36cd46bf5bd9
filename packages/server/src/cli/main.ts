#!/usr/bin/env node
import cluster from 'node:cluster'
import { PRIVATE_UMASK } from '../auth/data-dir-permissions.js'
import { loadConfig } from '../config/config.js'
import { ensureDemoSeed } from '../demo-seed.js'
import { createWarblerServer } from '../server.js'
import { openStorage } from '../storage/open-storage.js'
import { runWorkers, workerIndex } from './workers.js'

const USAGE = `Usage: warbler <command>

Commands:
  start      Serve Warbler (PORT, WARBLER_DATA_DIR, WARBLER_ADMIN_KEY, ... from the environment;
             WARBLER_WORKERS=N runs N node processes behind one port, with WARBLER_REDIS_URL)
  migrate    Apply database migrations (SQLite, or PostgreSQL when WARBLER_DATABASE_URL is set) and exit
  migrate-data --from <sqlite file> --to <postgres url>
             Copy a SQLite deployment into PostgreSQL (resumable)
  audit verify [--anchor <seq>:<mac>]
             Check the tamper-evident audit chain; exits 1 naming the first entry edited, inserted or removed
  retention run [--as-of <ISO date>]
             Purge what the retention policies expire (as of now, or of the given date) and exit
  keys rotate [--reencrypt]
             Re-wrap every app's data key under a new master key (WARBLER_NEW_MASTER_KEY, or a new key file)
  keys reencrypt [--batch <rows>]
             Seal what was stored before encryption at rest (bodies, search rows, payloads, secrets, files) in resumable batches
  eval run --set <id> --bot <id> [--baseline <runId>] [--max-drop 0.02]
             Run an eval set against a bot on a running server; exits 1 on a regression from the baseline
  help       Show this help
`

async function start(): Promise<void> {
  const config = loadConfig()
  if (config.workers > 1 && cluster.isPrimary) return runWorkers(config)
  // Under WARBLER_WORKERS, worker 0 speaks for the host: banner and demo seed.
  const speaks = workerIndex() === 0
  const server = await createWarblerServer(config)
  const { port } = await server.listen()
  const base = `http://localhost:${port}`
  const lines = [
    ``,
    `  Warbler is running at ${base}`,
    `    chat app: ${base}/        console: ${base}/console`,
    `    WebSocket: ws://localhost:${port}/ws   OpenAPI: ${base}/api/v1/openapi.json`,
    ``,
  ]
  if (server.operatorKeySource === 'generated') {
    lines.push(
      `  Operator key (shown once; kept in ${config.dataDir}/admin-key):`,
      `    ${server.context.operatorKey}`,
      `    first console owner:  curl -X POST ${base}/api/v1/console/owners -H 'Authorization: Bearer <operator key>' \\`,
      `                            -H 'Content-Type: application/json' -d '{"email":"you@example.com","password":"…"}'`,
      ``,
    )
  } else {
    lines.push(`  Operator key: from ${server.operatorKeySource === 'environment' ? 'WARBLER_ADMIN_KEY' : `${config.dataDir}/admin-key`}`, ``)
  }
  if (config.seedDemo && speaks) {
    const demo = await ensureDemoSeed(server.context)
    if (demo) {
      lines.push(
        `  Demo app: ${demo.appId}`,
        `    app secret: ${demo.appSecret}`,
        `    users: ${demo.users.join(', ')} (pick one in the chat app)   group "Demo": ${demo.groupId}`,
        `    bot: assistant — answers from Warbler's own docs, offline, with citations`,
        `    mint a token:  curl -X POST ${base}/api/v1/apps/${demo.appId}/users/alice/tokens \\`,
        `                     -H 'Authorization: Bearer ${demo.appSecret}' -H 'Content-Type: application/json' -d '{}'`,
        ``,
      )
    }
  }
  if (config.workers > 1) lines.push(`  Worker processes: ${config.workers} (this banner is worker 0's)`, ``)
  if (speaks) process.stdout.write(`${lines.join('\n')}\n`)

  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    server.context.logger.info({ signal }, 'shutting down')
    const force = setTimeout(() => process.exit(1), (config.shutdownTimeoutSeconds + 5) * 1000)
    force.unref()
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        server.context.logger.error({ err: error }, 'shutdown failed')
        process.exit(1)
      },
    )
  }
  process.on('SIGTERM', () => stop('SIGTERM'))
  process.on('SIGINT', () => stop('SIGINT'))
  // A worker whose primary is gone (killed, crashed) drains and exits instead of living on alone.
  if (cluster.isWorker) process.once('disconnect', () => stop('primary gone'))
  // Under `npm start` (scripts/start.mjs) the server is a child on an IPC channel: when the launcher is
  // gone, however it went, the channel closes and the server stops with it instead of living on.
  if (!cluster.isWorker && process.env.WARBLER_EXIT_WITH_PARENT === '1' && process.channel) {
    process.channel.unref()
    process.once('disconnect', () => stop('launcher gone'))
  }
}

async function migrate(): Promise<void> {
  const storage = await openStorage(loadConfig())
  await storage.migrate()
  await storage.close()
  process.stdout.write(`Migrations applied (${storage.kind}).\n`)
}

async function migrateDataFromArguments(): Promise<void> {
  const { migrateDataCommand } = await import('../storage/migrate-data/migrate-data-command.js')
  process.exitCode = await migrateDataCommand(process.argv.slice(3))
}

async function auditFromArguments(): Promise<void> {
  const { auditCommand } = await import('./audit-command.js')
  process.exitCode = await auditCommand(process.argv.slice(3))
}

async function evalFromArguments(): Promise<void> {
  const { evalCommand } = await import('../evaluations/eval-command.js')
  process.exitCode = await evalCommand(process.argv.slice(3), { env: process.env, out: (text) => process.stdout.write(text), fetch })
}

async function keysFromArguments(): Promise<void> {
  const { keysCommand } = await import('./keys-command.js')
  process.exitCode = await keysCommand(process.argv.slice(3))
}

async function retentionFromArguments(): Promise<void> {
  const { retentionCommand } = await import('./retention-command.js')
  process.exitCode = await retentionCommand(process.argv.slice(3))
}

// Whatever this process (or a library in it) creates, database, WAL, keys, uploads, is its user's only.
process.umask(PRIVATE_UMASK)
const command = process.argv[2] ?? 'start'
const commands: Record<string, () => Promise<void>> = { start, migrate, 'migrate-data': migrateDataFromArguments, audit: auditFromArguments, retention: retentionFromArguments, keys: keysFromArguments, eval: evalFromArguments }
const run = commands[command]
if (!run) {
  process.stdout.write(USAGE)
  process.exit(command === 'help' || command === '--help' ? 0 : 2)
} else {
  run().catch((error: unknown) => {
    process.stderr.write(`warbler ${command}: ${error instanceof Error ? error.message : String(error)}\n`)
    process.exit(1)
  })
}
