import { fork, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ERROR_CODES, WarblerError, type ErrorCode } from '@warbler/protocol'
import { documentTooLarge } from './document-limits.js'
import { parseAndChunk, type ParseRequest, type ParseResult } from './parse-and-chunk.js'

/** Options of {@link DocumentParser}. */
export interface DocumentParserOptions {
  /** Parser processes; each parses one document at a time (default 1). */
  workers?: number
  /** A parse running longer is stopped and its process killed (default 120,000 ms). */
  timeoutMs?: number
  /**
   * Memory of each parser process in MB (default 512): its JavaScript heap limit, and (on Linux)
   * its resident size is held under twice that plus 64 MB, buffers included. A bomb kills the parser, not the server.
   */
  memoryMb?: number
  /** An idle process ends after this long and is started again when needed (default 30,000 ms). */
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
  child: ChildProcess | undefined
  idleTimer: NodeJS.Timeout | undefined
}

/**
 * Parses documents in a small pool of child processes (`parse-worker.ts`), so parsing never blocks
 * the event loop and never grows the server's memory. A worker thread would not do: when a thread
 * overruns its `resourceLimits` fast enough, V8 aborts the whole process. Each process has a heap
 * limit (and a resident-size watchdog on Linux) and each parse a deadline: a document that needs
 * more memory or time fails with `document_too_large` and its process is replaced. Processes get an
 * empty environment (no secrets) and are reused; requests beyond the pool's size wait their turn.
 * Without a compiled worker script (sources without a build) it parses on the calling thread, with
 * the same document limits, and says so once.
 *
 * @example
 * ```ts
 * const parser = new DocumentParser({ workers: 1, timeoutMs: 60_000, memoryMb: 512 })
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
    this.slots = Array.from({ length: Math.max(1, options.workers ?? 1) }, () => ({ child: undefined, idleTimer: undefined }))
    this.idle = [...this.slots]
    this.script = options.script ?? parseWorkerScriptPath()
    this.timeoutMs = options.timeoutMs ?? 120_000
    this.memoryMb = options.memoryMb ?? 512
    this.idleMs = options.idleMs ?? 30_000
    if (!this.script) options.log?.('the document parser process needs the compiled @warbler/ai (npm run build): parsing on the main thread')
  }

  /** Whether parses run in parser processes (false only when running from sources without a build). */
  get isolated(): boolean {
    return this.script !== undefined
  }

  /** Parses and chunks one document; rejects with the parser's error (`document_too_large`, ...). */
  parse(request: ParseRequest, signal?: AbortSignal): Promise<ParseResult> {
    if (this.closed) return Promise.reject(new Error('The document parser is closed.'))
    if (signal?.aborted) return Promise.reject(signal.reason as Error)
    if (!this.script) return parseAndChunk(request)
    return new Promise((resolve, reject) => {
      this.queue.push({ request, signal, resolve, reject })
      this.next()
    })
  }

  /** Ends every parser process; waiting and running parses reject. */
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
    const child = (slot.child ??= this.spawn(slot))
    child.channel?.ref()
    let settled = false
    let overMemory = false
    const finish = (outcome: { result: ParseResult } | { error: Error }, broken: boolean) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      clearInterval(watchdog)
      task.signal?.removeEventListener('abort', onAbort)
      child.off('message', onMessage)
      child.off('exit', onExit)
      if (broken) void this.retire(slot)
      else this.park(slot)
      if ('result' in outcome) task.resolve(outcome.result)
      else task.reject(outcome.error)
      this.next()
    }
    const onMessage = (message: { result?: ParseResult; error?: { code?: string; message: string } }) => {
      if (message.error) finish({ error: fromWire(message.error) }, false)
      else finish({ result: message.result! }, false)
    }
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      // V8 aborts (SIGABRT, or exit code 134) when the heap limit is reached.
      const outOfMemory = overMemory || signal === 'SIGABRT' || code === 134
      finish(
        {
          error: outOfMemory
            ? documentTooLarge(`Parsing the document needed more memory than the parser's limit of ${this.memoryMb} MB.`)
            : new Error(`The document parser stopped (${signal ?? `exit code ${code}`}).`),
        },
        true,
      )
    }
    const onAbort = () => finish({ error: (task.signal!.reason as Error) ?? new Error('aborted') }, true)
    const timer = setTimeout(
      () => finish({ error: documentTooLarge(`Parsing the document took longer than the limit of ${formatSeconds(this.timeoutMs)}.`) }, true),
      this.timeoutMs,
    )
    // Buffers live outside the heap limit: hold the resident size under twice the limit (plus Node's own) too.
    const watchdog = setInterval(() => {
      const rss = residentMegabytes(child.pid)
      if (rss !== undefined && rss > this.memoryMb * 2 + 64) {
        overMemory = true
        child.kill('SIGKILL')
      }
    }, 100)
    watchdog.unref()
    child.on('message', onMessage)
    child.on('exit', onExit)
    task.signal?.addEventListener('abort', onAbort, { once: true })
    child.send({ id: 0, request: task.request }, (error) => {
      if (error) finish({ error: new Error(`The document parser could not be reached: ${error.message}`) }, true)
    })
  }

  private spawn(slot: Slot): ChildProcess {
    const child = fork(this.script!, [], {
      // No inherited execArgv (a test runner's source conditions would point the compiled script
      // at .ts files) and no inherited environment (the parser needs no secrets).
      execArgv: [`--max-old-space-size=${this.memoryMb}`],
      env: {},
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    })
    child.unref()
    child.channel?.unref()
    // A process that fails to start or dies while idle is simply replaced on the next parse.
    child.on('error', (error) => this.options.log?.(`document parser process failed: ${error.message}`))
    child.once('exit', () => {
      if (slot.child === child) slot.child = undefined
    })
    return child
  }

  /** Returns a healthy process to the idle list; it ends after `idleMs` without work. */
  private park(slot: Slot): void {
    if (this.closed) {
      void this.retire(slot)
      return
    }
    slot.child?.channel?.unref()
    slot.idleTimer = setTimeout(() => void this.retire(slot), this.idleMs)
    slot.idleTimer.unref()
    this.idle.push(slot)
  }

  /** Ends a slot's process (broken, timed out, aborted, idle or closing); the slot starts a new one when next used. */
  private async retire(slot: Slot): Promise<void> {
    if (slot.idleTimer) clearTimeout(slot.idleTimer)
    slot.idleTimer = undefined
    const child = slot.child
    slot.child = undefined
    if (!this.closed && !this.idle.includes(slot)) this.idle.push(slot)
    if (!child || child.exitCode !== null || child.signalCode !== null) return
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
    // An unreferenced child lets the event loop end before its exit is seen: `close()` would never settle.
    child.ref()
    child.kill('SIGKILL')
    await exited
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

/** A process's resident size in MB from /proc (Linux); undefined elsewhere. */
function residentMegabytes(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return match ? Number(match[1]) / 1024 : undefined
  } catch {
    return undefined
  }
}

function formatSeconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`
}

function fromWire(error: { code?: string; message: string }): Error {
  return error.code !== undefined && error.code in ERROR_CODES ? new WarblerError(error.code as ErrorCode, error.message) : new Error(error.message)
}
