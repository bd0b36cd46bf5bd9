import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

/** When the checkpointer looks at the WAL, and how big it lets it grow before copying it back. */
export interface WalCheckpointerOptions {
  /** How often the worker checks the WAL's size (ms). */
  intervalMs: number
  /** WAL size (bytes) above which the worker runs a checkpoint (SQLite's own default is ~4 MB). */
  thresholdBytes: number
}

const DEFAULTS: WalCheckpointerOptions = { intervalMs: 100, thresholdBytes: 4 * 1024 * 1024 }

// The worker runs as a CommonJS script (eval), so it needs no separate file next to the compiled
// module and runs the same from `src` (tests) and `dist`. It opens its own connection to the same
// database and only ever runs PASSIVE checkpoints, which never wait for and never block writers.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const { statSync } = require('node:fs')
const Database = require(workerData.driver)
const db = new Database(workerData.filename)
db.pragma('synchronous = ' + workerData.synchronous)
const walSize = () => { try { return statSync(workerData.filename + '-wal').size } catch { return 0 } }
let running = true
const tick = () => {
  if (!running) return
  try {
    if (walSize() > workerData.thresholdBytes) db.pragma('wal_checkpoint(PASSIVE)')
  } catch (error) {
    // Another connection's checkpoint (a second node on the same file) is not a failure.
    if (!(error && error.code === 'SQLITE_BUSY')) parentPort.postMessage({ error: String(error && error.message || error) })
  }
  setTimeout(tick, workerData.intervalMs)
}
parentPort.on('message', (message) => {
  if (message !== 'stop') return
  running = false
  try { db.pragma('wal_checkpoint(PASSIVE)') } catch {}
  db.close()
  parentPort.close()
})
tick()
`

/**
 * Runs SQLite's WAL checkpoints on a worker thread instead of inside the commits of the main
 * connection. A checkpoint copies WAL pages back into the database file and fsyncs it; left to
 * `wal_autocheckpoint`, that happens in whichever commit crosses the threshold, stalling the event
 * loop for tens of milliseconds every few megabytes written. The main connection is set to
 * `wal_autocheckpoint = 0` by its owner; this worker checkpoints (PASSIVE) when the WAL grows past
 * the threshold. Used for file databases only.
 */
export class WalCheckpointer {
  private readonly worker: Worker
  private stopped?: Promise<void>

  constructor(filename: string, synchronous: 'FULL' | 'NORMAL', onError: (message: string) => void, options: Partial<WalCheckpointerOptions> = {}) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3')
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { filename, synchronous, driver, ...DEFAULTS, ...options } })
    this.worker.on('message', (message: { error?: string }) => message.error && onError(message.error))
    this.worker.on('error', (error) => onError(error.message))
    // A checkpointer must never keep the process alive on its own.
    this.worker.unref()
  }

  /** Runs a last checkpoint and closes the worker's connection. */
  stop(): Promise<void> {
    this.stopped ??= new Promise<void>((resolve) => {
      // Referenced again while stopping: a process with nothing else to do (`warbler migrate`)
      // must wait for the worker instead of exiting in the middle of `await close()`.
      this.worker.ref()
      const force = setTimeout(() => void this.worker.terminate(), 5000)
      this.worker.once('exit', () => {
        clearTimeout(force)
        resolve()
      })
      this.worker.postMessage('stop')
    })
    return this.stopped
  }
}
