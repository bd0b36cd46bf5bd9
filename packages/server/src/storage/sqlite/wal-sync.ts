import { open, type FileHandle } from 'node:fs/promises'
import { dirname } from 'node:path'

/**
 * Makes SQLite WAL commits durable without blocking the event loop: commits run with
 * `synchronous = NORMAL` (no fsync on the main thread), then `sync()` fdatasyncs the `-wal` file on
 * libuv's thread pool, and acks wait for that. fsync is per file, so it covers frames written by the
 * database connection too. Calls made while a sync is in flight share the next one (group fsync).
 */
export class WalSync {
  private handle?: FileHandle
  private inFlight?: Promise<void>
  private queued?: Promise<void>

  constructor(private readonly walPath: string) {}

  /** Resolves once everything committed before the call is on disk. */
  sync(): Promise<void> {
    if (!this.inFlight) {
      this.inFlight = this.run().finally(() => {
        this.inFlight = undefined
      })
      return this.inFlight
    }
    // A sync is running, but it may have started before our commit: queue exactly one more after it.
    this.queued ??= this.inFlight
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined
        return this.sync()
      })
    return this.queued
  }

  private async run(): Promise<void> {
    if (!this.handle) {
      this.handle = await open(this.walPath, 'r')
      // The WAL file may be new: make its directory entry durable too, once.
      const directory = await open(dirname(this.walPath), 'r')
      try {
        await directory.sync()
      } finally {
        await directory.close()
      }
    }
    await this.handle.datasync()
  }

  async close(): Promise<void> {
    await this.inFlight?.catch(() => undefined)
    await this.handle?.close()
    this.handle = undefined
  }
}
