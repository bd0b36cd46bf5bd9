import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

/** When the checkpointer looks at the WAL, and how big it lets it grow before copying it back. */
export interface WalCheckpointerOptions {
  /** How often the worker checks the WAL's size (ms). */
  intervalMs: number
  /** WAL size (bytes) above which the worker runs a checkpoint (SQLite's own default is ~4 MB). */
  thresholdBytes: number
  /**
   * WAL in use (bytes since the log last restarted) above which the checkpointer pauses commits for
   * a moment to finish a checkpoint, so that the next commit starts the log from its beginning.
   */
  restartBytes: number
}

/** Holds the storage's commits back; resolves (once none is in flight) to the function that lets them go on. */
export type PauseCommits = () => Promise<() => void>

const DEFAULTS: WalCheckpointerOptions = { intervalMs: 100, thresholdBytes: 4 * 1024 * 1024, restartBytes: 16 * 1024 * 1024 }

/** Longest pause of commits for a finishing checkpoint, whatever happens to the worker. */
const MAX_PAUSE_MS = 1000

// The worker runs as a CommonJS script (eval), so it needs no separate file next to the compiled
// module and runs the same from `src` (tests) and `dist`. It opens its own connection to the same
// database and only ever runs PASSIVE checkpoints, which never wait for and never block writers.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const { statSync } = require('node:fs')
const Database = require(workerData.driver)
const db = new Database(workerData.filename)
db.pragma('synchronous = ' + workerData.synchronous)
const frameBytes = db.pragma('page_size', { simple: true }) + 24
const walSize = () => { try { return statSync(workerData.filename + '-wal').size } catch { return 0 } }
// { busy, log, checkpointed }: log is the frames written since the WAL last restarted.
const checkpoint = () => db.pragma('wal_checkpoint(PASSIVE)')[0]
const report = (error) => {
  // Another connection's checkpoint (a second node on the same file) is not a failure.
  if (!(error && error.code === 'SQLITE_BUSY')) parentPort.postMessage({ error: String(error && error.message || error) })
}
let running = true
const tick = () => {
  if (!running) return
  try {
    if (walSize() > workerData.thresholdBytes && checkpoint().log * frameBytes > workerData.restartBytes) parentPort.postMessage({ restart: true })
  } catch (error) {
    report(error)
  }
  setTimeout(tick, workerData.intervalMs)
}
parentPort.on('message', (message) => {
  if (message === 'finish') {
    // Commits are paused: this copies what was written during the last checkpoint, and leaves
    // nothing in the WAL that the next commit must keep, so that commit restarts the log.
    try { checkpoint() } catch (error) { report(error) }
    parentPort.postMessage({ finished: true })
    return
  }
  if (message !== 'stop') return
  running = false
  try { checkpoint() } catch {}
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
 *
 * SQLite starts writing the WAL from its beginning again only when a commit finds every frame of
 * it copied back. Under a steady stream of commits a PASSIVE checkpoint never gets there (frames
 * arrive while it copies), and the WAL grows without bound (measured: 475 MB in 8 s at 8,000
 * messages/s). So once the log in use passes `restartBytes`, the checkpointer pauses commits
 * ({@link PauseCommits}, given by the storage through {@link pauseCommitsWith}), has the worker
 * copy the few frames written since its last checkpoint, and lets commits go on: the next one
 * restarts the log. Appends gather during the pause and go in the next batch.
 */
export class WalCheckpointer {
  private readonly worker: Worker
  private stopped?: Promise<void>
  private pauseCommits?: PauseCommits
  private finishing = false
  private finished?: () => void

  constructor(filename: string, synchronous: 'FULL' | 'NORMAL', onError: (message: string) => void, options: Partial<WalCheckpointerOptions> = {}) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3')
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { filename, synchronous, driver, ...DEFAULTS, ...options } })
    this.worker.on('message', (message: { error?: string; restart?: boolean; finished?: boolean }) => {
      if (message.error) onError(message.error)
      if (message.restart) void this.finishCheckpoint().catch((error: unknown) => onError(String(error)))
      if (message.finished) this.finished?.()
    })
    this.worker.on('error', (error) => onError(error.message))
    // A checkpointer must never keep the process alive on its own.
    this.worker.unref()
  }

  /** Lets the checkpointer pause the storage's commits to finish a checkpoint (without it, the WAL can only grow under load). */
  pauseCommitsWith(pause: PauseCommits): void {
    this.pauseCommits = pause
  }

  /** Pauses commits while the worker copies the last frames back, so that the next commit restarts the log. */
  private async finishCheckpoint(): Promise<void> {
    if (this.finishing || this.stopped || !this.pauseCommits) return
    this.finishing = true
    const resume = await this.pauseCommits()
    try {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, MAX_PAUSE_MS)
        this.finished = () => {
          clearTimeout(timer)
          resolve()
        }
        if (this.stopped) resolve()
        else this.worker.postMessage('finish')
      })
    } finally {
      this.finished = undefined
      this.finishing = false
      resume()
    }
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
