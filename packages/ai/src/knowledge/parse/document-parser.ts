import { existsSync } from 'node:fs'
import { dirname, join, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { ERROR_CODES, WarblerError, type ErrorCode } from '@warbler/protocol'
import { documentTooLarge } from './document-limits.js'
import { parseAndChunk, type ParseRequest, type ParseResult } from './parse-and-chunk.js'

/** Options of {@link DocumentParser}. */
export interface DocumentParserOptions {
  /** Parser threads; each parses one document at a time (default 1). */
  workers?: number
  /** A parse running longer is stopped and its thread ended (default 120,000 ms). */
  timeoutMs?: number
  /** Old-generation heap of each thread, in MB (default 256): a bomb ends the thread, not the server. */
  memoryMb?: number
  /** An idle thread ends after this long and is started again when needed (default 30,000 ms). */
  idleMs?: number
  /** The compiled `parse-worker.js` (default: found next to this module or in `dist`). */
  script?: string
  log?: (message: string) => void
}

interface Task {
  request: ParseRequest
  signal: AbortSignal | undefined
  resolve(result: ParseResult): void
  reject(error: Error): void
}

interface Slot {
  worker: Worker | undefined
  idleTimer: NodeJS.Timeout | undefined
}

/**
 * Parses documents on a small pool of worker threads (`parse-worker.ts`), so parsing never blocks
 * the event loop. Each thread has a heap limit and each parse a deadline: a document that needs
 * more memory or time fails with `document_too_large` and its thread is replaced. Requests beyond
 * the pool's size wait their turn. Without a compiled worker script (sources without a build) it
 * parses on the calling thread, with the same document limits, and says so once.
 *
 * @example
 * ```ts
 * const parser = new DocumentParser({ workers: 1, timeoutMs: 60_000, memoryMb: 256 })
 * const { chunks } = await parser.parse({ format: 'docx', data, chunking: DEFAULT_CHUNK_OPTIONS, limits: DEFAULT_DOCUMENT_LIMITS })
 * await parser.close()
 * ```
 */
export class DocumentParser {
  private readonly slots: Slot[]
  private readonly idle: Slot[]
  private readonly queue: Task[] = []
  private readonly script: string | undefined
  private readonly timeoutMs: number
  private readonly memoryMb: number
  private readonly idleMs: number
  private closed = false

  constructor(private readonly options: DocumentParserOptions = {}) {
    this.slots = Array.from({ length: Math.max(1, options.workers ?? 1) }, () => ({ worker: undefined, idleTimer: undefined }))
    this.idle = [...this.slots]
    this.script = options.script ?? parseWorkerScriptPath()
    this.timeoutMs = options.timeoutMs ?? 120_000
    this.memoryMb = options.memoryMb ?? 256
    this.idleMs = options.idleMs ?? 30_000
    if (!this.script) options.log?.('the document parser thread needs the compiled @warbler/ai (npm run build): parsing on the main thread')
  }

  /** Whether parses run on worker threads (false only when running from sources without a build). */
  get threaded(): boolean {
    return this.script !== undefined
  }

  /**
   * Parses and chunks one document; rejects with the parser's error (`document_too_large`, ...).
   * The request's bytes are moved to the thread (the caller's buffer is detached when it owns it whole).
   */
  parse(request: ParseRequest, signal?: AbortSignal): Promise<ParseResult> {
    if (this.closed) return Promise.reject(new Error('The document parser is closed.'))
    if (signal?.aborted) return Promise.reject(signal.reason as Error)
    if (!this.script) return parseAndChunk(request)
    return new Promise((resolve, reject) => {
      this.queue.push({ request, signal, resolve, reject })
      this.next()
    })
  }

  /** Ends every thread; waiting and running parses reject. */
  async close(): Promise<void> {
    this.closed = true
    for (const task of this.queue.splice(0)) task.reject(new Error('The document parser is closed.'))
    await Promise.all(this.slots.map((slot) => this.retire(slot)))
  }

  private next(): void {
    while (this.queue.length > 0 && this.idle.length > 0) {
      const task = this.queue.shift()!
      if (task.signal?.aborted) {
        task.reject(task.signal.reason as Error)
        continue
      }
      this.run(this.idle.pop()!, task)
    }
  }

  private run(slot: Slot, task: Task): void {
    if (slot.idleTimer) clearTimeout(slot.idleTimer)
    slot.idleTimer = undefined
    const worker = (slot.worker ??= this.spawn(slot))
    let settled = false
    const finish = (outcome: { result: ParseResult } | { error: Error }, broken: boolean) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      task.signal?.removeEventListener('abort', onAbort)
      worker.off('message', onMessage)
      worker.off('error', onError)
      worker.off('exit', onExit)
      if (broken) void this.retire(slot)
      else this.park(slot)
      if ('result' in outcome) task.resolve(outcome.result)
      else task.reject(outcome.error)
      this.next()
    }
    const onMessage = (message: { id: number; result?: ParseResult; error?: { code?: string; message: string } }) => {
      if (message.error) finish({ error: fromWire(message.error) }, false)
      else finish({ result: message.result! }, false)
    }
    const onError = (error: Error & { code?: string }) => {
      const outOfMemory = error.code === 'ERR_WORKER_OUT_OF_MEMORY'
      finish(
        {
          error: outOfMemory
            ? documentTooLarge(`Parsing the document needed more memory than the parser's limit of ${this.memoryMb} MB.`)
            : new Error(`The document parser thread failed: ${error.message}`),
        },
        true,
      )
    }
    const onExit = () => finish({ error: new Error('The document parser thread stopped.') }, true)
    const onAbort = () => finish({ error: (task.signal!.reason as Error) ?? new Error('aborted') }, true)
    const timer = setTimeout(
      () => finish({ error: documentTooLarge(`Parsing the document took longer than the limit of ${Math.round(this.timeoutMs / 1000)} s.`) }, true),
      this.timeoutMs,
    )
    worker.on('message', onMessage)
    worker.on('error', onError)
    worker.on('exit', onExit)
    task.signal?.addEventListener('abort', onAbort, { once: true })
    const data = ownBuffer(task.request.data)
    worker.postMessage({ id: 0, request: { ...task.request, data } }, [data.buffer])
  }

  private spawn(slot: Slot): Worker {
    // No inherited execArgv: a test runner's source conditions would point the compiled script at .ts files.
    const worker = new Worker(this.script!, {
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: this.memoryMb, maxYoungGenerationSizeMb: Math.min(64, Math.max(8, Math.round(this.memoryMb / 8))) },
    })
    worker.unref()
    // An idle thread that dies is simply replaced on the next parse.
    worker.on('error', () => {})
    worker.once('exit', () => {
      if (slot.worker === worker) slot.worker = undefined
    })
    return worker
  }

  /** Returns a healthy thread to the idle list; it ends after `idleMs` without work. */
  private park(slot: Slot): void {
    if (this.closed) {
      void this.retire(slot)
      return
    }
    slot.idleTimer = setTimeout(() => {
      slot.idleTimer = undefined
      const worker = slot.worker
      slot.worker = undefined
      void worker?.terminate()
    }, this.idleMs)
    slot.idleTimer.unref()
    this.idle.push(slot)
  }

  /** Ends a slot's thread (broken, timed out, aborted or closing); the slot starts a new one when next used. */
  private async retire(slot: Slot): Promise<void> {
    if (slot.idleTimer) clearTimeout(slot.idleTimer)
    slot.idleTimer = undefined
    const worker = slot.worker
    slot.worker = undefined
    if (!this.closed && !this.idle.includes(slot)) this.idle.push(slot)
    await worker?.terminate()
  }
}

/** Where the compiled parser script is: next to this module, or in `dist` when running from sources (tests). */
export function parseWorkerScriptPath(): string | undefined {
  const here = fileURLToPath(import.meta.url)
  const sibling = join(dirname(here), 'parse-worker.js')
  if (here.endsWith('.js') && existsSync(sibling)) return sibling
  const built = sibling.replace(`${sep}src${sep}`, `${sep}dist${sep}`)
  return existsSync(built) ? built : undefined
}

/** A copy the thread can own when the bytes are a view into a larger (possibly pooled) buffer. */
function ownBuffer(data: Uint8Array): Uint8Array<ArrayBuffer> {
  const whole = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength && data.buffer instanceof ArrayBuffer
  return whole ? (data as Uint8Array<ArrayBuffer>) : new Uint8Array(data)
}

function fromWire(error: { code?: string; message: string }): Error {
  return error.code !== undefined && error.code in ERROR_CODES ? new WarblerError(error.code as ErrorCode, error.message) : new Error(error.message)
}
