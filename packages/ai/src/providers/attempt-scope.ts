/**
 * One attempt against one model: an abort signal tied to the caller's, and deadlines that abort the
 * attempt even when the model ignores its signal.
 */

/**
 * Scope of a single model call.
 *
 * @example
 * ```ts
 * const scope = new AttemptScope(callerSignal)
 * try {
 *   return await scope.race(model.doGenerate({ ...options, abortSignal: scope.signal }), 30_000, () => timeoutError)
 * } finally {
 *   scope.dispose()
 * }
 * ```
 */
export class AttemptScope {
  private readonly controller = new AbortController()
  private readonly onParentAbort = (): void => this.controller.abort(this.parent?.reason)

  constructor(private readonly parent: AbortSignal | undefined) {
    if (parent?.aborted) this.controller.abort(parent.reason)
    else parent?.addEventListener('abort', this.onParentAbort, { once: true })
  }

  /** Aborts when the caller cancels, when a deadline passes, or on {@link abort}. */
  get signal(): AbortSignal {
    return this.controller.signal
  }

  /** Whether the caller (not a deadline) cancelled. */
  get cancelledByCaller(): boolean {
    return this.parent?.aborted === true
  }

  /** Aborts the attempt with a reason. */
  abort(reason: unknown): void {
    this.controller.abort(reason)
  }

  /**
   * Settles like `promise`, unless the attempt is aborted first (rejects with the abort reason) or
   * `timeoutMs` passes (aborts the attempt with `onTimeout()` and rejects with it).
   */
  race<T>(promise: Promise<T>, timeoutMs: number | undefined, onTimeout: () => unknown): Promise<T> {
    const signal = this.controller.signal
    return new Promise<T>((resolve, reject) => {
      if (signal.aborted) {
        promise.catch(() => {})
        return reject(signal.reason)
      }
      const timer = timeoutMs !== undefined && Number.isFinite(timeoutMs) ? setTimeout(() => this.controller.abort(onTimeout()), timeoutMs) : undefined
      const onAbort = (): void => {
        cleanup()
        reject(signal.reason)
      }
      function cleanup(): void {
        clearTimeout(timer)
        signal.removeEventListener('abort', onAbort)
      }
      signal.addEventListener('abort', onAbort, { once: true })
      promise.then(
        (value) => {
          cleanup()
          resolve(value)
        },
        (error: unknown) => {
          cleanup()
          reject(error)
        },
      )
    })
  }

  /** Unhooks from the caller's signal. */
  dispose(): void {
    this.parent?.removeEventListener('abort', this.onParentAbort)
  }
}
