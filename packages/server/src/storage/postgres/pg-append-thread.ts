import { existsSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { dirname, join, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { WarblerError } from '@warbler/protocol'
import type { AppendOutcome } from '../pending-append.js'
import type { EventRecord, NewEvent } from '../storage.js'
import type { WireError } from '../sqlite/event-committers.js'
import type { SealingOrder } from '../thread-sealer.js'
import type { PgConnectionOptions } from './postgres-driver.js'

/** Where the PostgreSQL append runs: `auto` (the thread from 2 CPUs, when its compiled script exists), `thread` or `inline` (the event loop). */
export type PgAppendMode = 'auto' | 'thread' | 'inline'

/** What a batch came to on the thread: each append's outcome, or the sealed events to append one by one (the statement failed, nothing written). */
export type ThreadBatchResult = { outcomes: AppendOutcome[] } | { retry: NewEvent[] }

type WireOutcome = { seq: number } | { error: WireError } | { event: EventRecord; duplicate: true }
type Reply = { id: number; outcomes?: WireOutcome[]; retry?: NewEvent[]; failure?: WireError }

/** Where the compiled worker script is: next to this module, or in `dist` when running from sources (tests). */
function workerScriptPath(): string | undefined {
  const here = fileURLToPath(import.meta.url)
  const sibling = join(dirname(here), 'pg-append-worker.js')
  if (here.endsWith('.js') && existsSync(sibling)) return sibling
  const built = sibling.replace(`${sep}src${sep}`, `${sep}dist${sep}`)
  return existsSync(built) ? built : undefined
}

const fromWireError = (error: WireError): Error => (error.code ? new WarblerError(error.code, error.message) : new Error(`append thread: ${error.message}`))

/**
 * The PostgreSQL event store's append thread (`pg-append-worker.ts`): batches of plain messages are
 * sealed and appended there in one statement on the thread's own connections, so the event loop
 * only posts the batch and settles its outcomes. `WARBLER_PG_APPEND=inline` (or `mode: 'inline'`)
 * keeps everything on the event loop. Once the thread fails, the store appends on the event loop.
 */
export class PgAppendThread {
  private readonly worker: Worker
  private nextId = 0
  private readonly waiting = new Map<number, { events: readonly NewEvent[]; resolve: (result: ThreadBatchResult) => void; reject: (error: Error) => void }>()
  private failure?: Error
  private readonly exited: Promise<void>
  /** Batches of this loop turn (one per lane), posted together: a postMessage costs more than the batch's clone. */
  private outbox: { id: number; events: readonly NewEvent[]; sealing?: SealingOrder }[] = []

  private constructor(script: string, connection: PgConnectionOptions) {
    // No inherited execArgv: a test runner's source conditions would point the compiled script at .ts files.
    this.worker = new Worker(script, { workerData: connection, execArgv: [] })
    this.worker.on('message', (replies: Reply[]) => {
      for (const reply of replies) this.settle(reply)
    })
    this.worker.on('error', (error) => this.fail(error))
    this.exited = new Promise((resolve) =>
      this.worker.once('exit', () => {
        this.fail(new Error('PostgreSQL append thread stopped'))
        resolve()
      }),
    )
  }

  /**
   * The thread for `mode` (default: `WARBLER_PG_APPEND`, else `auto`), or undefined when appends
   * stay on the event loop. `connection` is the storage's own (the thread opens `poolSize` connections).
   */
  static start(connection: PgConnectionOptions, mode: PgAppendMode = (process.env.WARBLER_PG_APPEND as PgAppendMode | undefined) ?? 'auto'): PgAppendThread | undefined {
    if (mode === 'inline' || (mode === 'auto' && availableParallelism() < 2)) return undefined
    const script = workerScriptPath()
    if (!script) {
      if (mode === 'thread') throw new Error('WARBLER_PG_APPEND=thread needs the compiled pg-append-worker.js (npm run build)')
      return undefined
    }
    return new PgAppendThread(script, connection)
  }

  /** Whether batches can still go to the thread. */
  get usable(): boolean {
    return this.failure === undefined
  }

  /** Seals (as `sealing` says) and appends a batch of plain messages in one statement on the thread. */
  append(events: readonly NewEvent[], sealing?: SealingOrder): Promise<ThreadBatchResult> {
    if (this.failure) return Promise.reject(this.failure)
    return new Promise((resolve, reject) => {
      const id = this.nextId++
      this.waiting.set(id, { events, resolve, reject })
      if (this.outbox.length === 0) setImmediate(() => this.post())
      this.outbox.push(sealing && sealing.indexes.length > 0 ? { id, events, sealing } : { id, events })
    })
  }

  /** Posts the batches gathered in this loop turn as one message. */
  private post(): void {
    const orders = this.outbox
    this.outbox = []
    if (this.failure || orders.length === 0) return
    this.worker.postMessage({ orders })
  }

  /** Ends the thread's pool and the thread; batches in flight settle first (the store flushes before). */
  async close(): Promise<void> {
    if (!this.failure) this.worker.postMessage({ close: true })
    await this.exited
  }

  private settle(reply: Reply): void {
    const waiter = this.waiting.get(reply.id)
    if (!waiter) return
    this.waiting.delete(reply.id)
    if (reply.failure) return waiter.reject(fromWireError(reply.failure))
    if (reply.retry) return waiter.resolve({ retry: reply.retry })
    waiter.resolve({
      outcomes: reply.outcomes!.map((outcome, index): AppendOutcome => {
        if ('error' in outcome) return { error: fromWireError(outcome.error) }
        if ('seq' in outcome) {
          // A new event comes back as its seq: the event is the one sent (unsealed), as a lone append returns it.
          const { appId: _appId, searchTokens: _tokens, ...stored } = waiter.events[index]!
          return { event: { ...stored, seq: outcome.seq }, duplicate: false }
        }
        return outcome
      }),
    })
  }

  private fail(error: Error): void {
    this.failure ??= error
    for (const waiter of this.waiting.values()) waiter.reject(error)
    this.waiting.clear()
  }
}
