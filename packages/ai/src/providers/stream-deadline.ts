/**
 * The deadlines of one stream attempt with one timer and one abort listener for the whole attempt:
 * a stream reads a part per token, and a fresh timer, listener and race per read cost more than the
 * token itself.
 */
import type { AttemptScope } from './attempt-scope.js'

/**
 * Guards the reads of one stream attempt. It starts with a total deadline (the first token must
 * come within `timeoutMs`, whatever the number of reads); {@link idleBetweenReads} switches to a
 * deadline per read. When a deadline passes during a read, the attempt is aborted with
 * `onTimeout()` and the read rejects with it, even when the model ignores its abort signal.
 *
 * @example
 * ```ts
 * const deadline = new StreamDeadline(scope, 15_000, () => firstTokenTimeout)
 * const stream = await deadline.read(model.doStream({ ...options, abortSignal: scope.signal }))
 * const first = await deadline.read(iterator.next())
 * deadline.idleBetweenReads(15_000, () => idleTimeout) // from now on 15 s per read
 * try { … } finally { deadline.dispose() }
 * ```
 */
export class StreamDeadline {
  private timer: NodeJS.Timeout | undefined
  private perRead = false
  private reading = false
  private rejectRead: ((reason: unknown) => void) | undefined
  private readonly onAbort = (): void => this.rejectRead?.(this.scope.signal.reason)
  private readonly onExpired = (): void => {
    // A per-read deadline only runs while a read waits; between reads it is re-armed by the next one.
    if (this.perRead && !this.reading) return
    this.scope.abort(this.onTimeout())
  }

  constructor(
    private readonly scope: AttemptScope,
    timeoutMs: number,
    private onTimeout: () => unknown,
  ) {
    this.timer = this.arm(timeoutMs)
    scope.signal.addEventListener('abort', this.onAbort, { once: true })
  }

  /**
   * Settles like `promise`, unless the attempt is aborted first (rejects with the abort reason) or
   * the deadline passes first (aborts the attempt with `onTimeout()` and rejects with it).
   */
  read<T>(promise: Promise<T>): Promise<T> {
    const signal = this.scope.signal
    if (signal.aborted) {
      promise.catch(() => {})
      return Promise.reject(signal.reason)
    }
    if (this.perRead) this.timer?.refresh()
    this.reading = true
    return new Promise<T>((resolve, reject) => {
      this.rejectRead = reject
      promise.then(
        (value) => {
          this.settled()
          resolve(value)
        },
        (error: unknown) => {
          this.settled()
          reject(error)
        },
      )
    })
  }

  /** From now on every read has `timeoutMs` of its own; time between reads does not count. */
  idleBetweenReads(timeoutMs: number, onTimeout: () => unknown): void {
    clearTimeout(this.timer)
    this.perRead = true
    this.onTimeout = onTimeout
    this.timer = this.arm(timeoutMs)
  }

  /**
   * Stops the timer. The abort listener stays on the attempt's signal, which ends with the attempt
   * (removing a listener from an `AbortSignal` costs Node several microseconds); it does nothing now.
   */
  dispose(): void {
    clearTimeout(this.timer)
    this.timer = undefined
    this.rejectRead = undefined
  }

  private arm(timeoutMs: number): NodeJS.Timeout | undefined {
    return Number.isFinite(timeoutMs) ? setTimeout(this.onExpired, Math.max(0, timeoutMs)) : undefined
  }

  private settled(): void {
    this.reading = false
    this.rejectRead = undefined
  }
}
