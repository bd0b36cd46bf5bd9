import cluster, { type Worker } from 'node:cluster'
import { resolveOperatorKey } from '../auth/operator-key.js'
import type { ServerConfig } from '../config/config.js'
import { openStorage } from '../storage/open-storage.js'

/** A worker that dies this soon after it started counts as a crash loop. */
const CRASH_WINDOW_MS = 10_000
/** Crashes in a row after which the primary gives up instead of restarting forever. */
const MAX_CRASHES_IN_A_ROW = 5

/**
 * `WARBLER_WORKERS=N`: runs N node processes on this host behind one listening port (node:cluster;
 * the primary accepts connections and hands each to a worker). Every worker is a full node: they
 * share the database and meet on the Redis bus (fan-out, presence, leases, cache invalidation), as
 * separate hosts would. The primary applies migrations and settles the operator key before any
 * worker starts, restarts a worker that dies, and on SIGTERM/SIGINT drains them all.
 *
 * This uses every core of a host and keeps each process under its open-file limit. With SQLite the
 * workers share one writer lock; for write throughput across cores use PostgreSQL.
 */
export async function runWorkers(config: ServerConfig): Promise<void> {
  if (!config.redisUrl) throw new Error('WARBLER_WORKERS > 1 needs WARBLER_REDIS_URL: the worker processes meet on the Redis bus.')
  const storage = await openStorage(config)
  await storage.migrate()
  await storage.close()
  const operator = resolveOperatorKey(config.dataDir, config.adminKey)
  if (operator.source === 'generated') process.stdout.write(`\n  Operator key (shown once; kept in ${config.dataDir}/admin-key):\n    ${operator.key}\n`)

  const log = (message: string) => process.stderr.write(`${JSON.stringify({ level: 'info', time: Date.now(), msg: message })}\n`)
  let stopping = false
  let crashesInARow = 0
  const startedAt = new Map<Worker, number>()
  const fork = (index: number) => {
    const worker = cluster.fork({ WARBLER_WORKER_INDEX: String(index) })
    startedAt.set(worker, Date.now())
    worker.on('exit', (code, signal) => {
      const lived = Date.now() - (startedAt.get(worker) ?? 0)
      startedAt.delete(worker)
      if (stopping) return
      crashesInARow = lived < CRASH_WINDOW_MS ? crashesInARow + 1 : 0
      if (crashesInARow >= MAX_CRASHES_IN_A_ROW) {
        log(`worker ${index} keeps dying (code ${code}, signal ${signal}); stopping`)
        process.exit(1)
      }
      log(`worker ${index} exited (code ${code}, signal ${signal}); restarting`)
      setTimeout(() => fork(index), 1000 * crashesInARow)
    })
  }
  for (let index = 0; index < config.workers; index++) fork(index)

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return
    stopping = true
    log(`${signal}: stopping the workers`)
    const workers = Object.values(cluster.workers ?? {}).filter((worker): worker is Worker => worker !== undefined)
    const force = setTimeout(() => process.exit(1), (config.shutdownTimeoutSeconds + 10) * 1000)
    force.unref()
    let left = workers.length
    if (left === 0) process.exit(0)
    for (const worker of workers) {
      worker.once('exit', () => --left === 0 && process.exit(0))
      worker.process.kill('SIGTERM')
    }
  }
  process.on('SIGTERM', () => stop('SIGTERM'))
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('exit', (code) => log(`primary exits (code ${code})`))
}

/** This process's worker index under {@link runWorkers} (0 when not a worker). */
export function workerIndex(): number {
  return cluster.isWorker ? Number(process.env.WARBLER_WORKER_INDEX ?? 0) : 0
}
