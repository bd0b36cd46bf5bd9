import { existsSync } from 'node:fs'
import { dirname, join, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { WarblerError, type ErrorCode } from '@warbler/protocol'
import type { EventRecord, NewEvent } from '../storage.js'
import type { AppendOutcome } from '../pending-append.js'
import { createEventAppender, type EventAppender } from './event-appender.js'
import type { SqliteDatabase, SqliteStatement } from './sqlite-driver.js'
import type { WalSync } from './wal-sync.js'

/** Commits batches of event appends; resolves once they are as durable as the storage promises. */
export interface EventCommitter {
  /**
   * Commits `events` in one batch. `sealing`, only for a committer that {@link sealsOffThread}: which
   * events (by index) to seal first, and each app's data key to seal them with.
   */
  commit(events: readonly NewEvent[], sealing?: SealingOrder): Promise<AppendOutcome[]>
  /** Whether it commits on another thread and can seal events there. */
  readonly sealsOffThread: boolean
  close(): Promise<void>
}

/** Which events of a batch the writer thread seals, and with which app data key. */
export interface SealingOrder {
  indexes: number[]
  keys: Map<string, Buffer>
}

/**
 * Commits on the main thread: for `:memory:` databases, and where the writer thread is off. With a
 * {@link WalSync} the commit itself does not fsync; the WAL is fdatasynced on libuv's thread pool.
 */
export class InlineCommitter implements EventCommitter {
  private readonly append: EventAppender
  /** Prepared once: `db.pragma()` compiles its statement on every call. */
  private readonly syncNormal: SqliteStatement
  private readonly syncFull: SqliteStatement
  readonly sealsOffThread = false

  constructor(
    private readonly db: SqliteDatabase,
    private readonly walSync?: WalSync,
  ) {
    this.append = createEventAppender(db)
    this.syncNormal = db.prepare('PRAGMA synchronous = NORMAL')
    this.syncFull = db.prepare('PRAGMA synchronous = FULL')
  }

  async commit(events: readonly NewEvent[]): Promise<AppendOutcome[]> {
    // Never inside a store's transaction on this connection: the batch would become a savepoint of
    // it and vanish with its rollback after being acked. Such a transaction is refused at its end
    // (kysely/store-database.ts); the batch waits for it.
    while (this.db.inTransaction) await new Promise((resolve) => setImmediate(resolve))
    if (this.walSync) this.syncNormal.run()
    let outcomes: AppendOutcome[]
    try {
      outcomes = this.append(events)
    } finally {
      if (this.walSync) this.syncFull.run()
    }
    if (this.walSync) await this.walSync.sync()
    return outcomes
  }

  /** Nothing of its own to close: the storage owns the connection and the WalSync. */
  async close(): Promise<void> {}
}

/** A new event as the appender answers it: the event given, without its app id and search text, at its seq. */
function storedEvent(event: NewEvent, seq: number): EventRecord {
  const { appId: _appId, searchTokens: _tokens, ...stored } = event
  return { ...stored, seq }
}

/** An error as it crosses from the writer thread. */
export type WireError = { code?: ErrorCode; message: string }

/** Turns an error into something `postMessage` carries and {@link fromWireError} restores. */
export function toWireError(error: unknown): WireError {
  if (WarblerError.isInstance(error)) return { code: error.code, message: error.message }
  return { message: error instanceof Error ? error.message : String(error) }
}

function fromWireError(error: WireError): Error {
  return error.code ? new WarblerError(error.code, error.message) : new Error(`event writer: ${error.message}`)
}

/** Where the compiled writer script is: next to this module, or in `dist` when running from sources (tests). */
export function writerScriptPath(): string | undefined {
  const here = fileURLToPath(import.meta.url)
  const sibling = join(dirname(here), 'event-writer-worker.js')
  if (here.endsWith('.js') && existsSync(sibling)) return sibling
  const built = sibling.replace(`${sep}src${sep}`, `${sep}dist${sep}`)
  return existsSync(built) ? built : undefined
}

/**
 * Commits on a writer thread with its own connection (`event-writer-worker.ts`): the SQL of every
 * append, the commit and the WAL fsync leave the event loop, which only posts batches and settles
 * their outcomes. The event store sends one batch at a time, so batches grow with the load.
 */
export class ThreadCommitter implements EventCommitter {
  private readonly worker: Worker
  private nextId = 0
  private readonly waiting = new Map<number, { events: readonly NewEvent[]; resolve: (outcomes: AppendOutcome[]) => void; reject: (error: Error) => void }>()
  private failure?: Error
  private exited: Promise<void>
  readonly sealsOffThread = true

  constructor(script: string, filename: string, durable: boolean) {
    // No inherited execArgv: a test runner's source conditions would point the compiled script at .ts files.
    this.worker = new Worker(script, { workerData: { filename, durable }, execArgv: [] })
    this.worker.on('message', (message: { id: number; outcomes?: (AppendOutcome | { error: WireError } | { seq: number })[]; failure?: WireError }) => {
      const waiter = this.waiting.get(message.id)
      if (!waiter) return
      this.waiting.delete(message.id)
      if (message.failure) return waiter.reject(fromWireError(message.failure))
      waiter.resolve(
        message.outcomes!.map((outcome, index) => {
          if ('error' in outcome) return { error: fromWireError(outcome.error as WireError) }
          // A new event comes back as its seq: the event is the one sent, as the appender returns it.
          if ('seq' in outcome) return { event: storedEvent(waiter.events[index]!, outcome.seq), duplicate: false }
          return outcome
        }),
      )
    })
    this.worker.on('error', (error) => this.fail(error))
    this.exited = new Promise((resolve) =>
      this.worker.once('exit', () => {
        this.fail(new Error('event writer thread stopped'))
        resolve()
      }),
    )
  }

  commit(events: readonly NewEvent[], sealing?: SealingOrder): Promise<AppendOutcome[]> {
    if (this.failure) return Promise.reject(this.failure)
    return new Promise((resolve, reject) => {
      const id = this.nextId++
      this.waiting.set(id, { events, resolve, reject })
      this.worker.postMessage(sealing && sealing.indexes.length > 0 ? { id, events, sealing } : { id, events })
    })
  }

  async close(): Promise<void> {
    if (!this.failure) this.worker.postMessage({ close: true })
    await this.exited
  }

  private fail(error: Error): void {
    this.failure ??= error
    for (const waiter of this.waiting.values()) waiter.reject(error)
    this.waiting.clear()
  }
}
