/**
 * Starts work nobody waits for. Whatever `task` throws or rejects with goes to `onError`, so a
 * background task can never end as an unhandled rejection (fatal in Node by default). Every
 * fire-and-forget call in the SDK goes through here instead of `void promise`.
 *
 * @example
 * ```ts
 * inBackground(() => this.#sync.catchUp(), (error) => this.#report(error))
 * ```
 */
export function inBackground(task: () => unknown, onError: (error: unknown) => void): void {
  const report = (error: unknown) => {
    try {
      onError(error)
    } catch {
      // An error handler that fails has nowhere left to report to.
    }
  }
  try {
    const result = task()
    if (isThenable(result)) result.then(undefined, report)
  } catch (error) {
    report(error)
  }
}

/**
 * Marks a promise the SDK hands to the app as observed, for promises whose failure is also
 * announced as an event (`send-failed`, `error`, `connection-state-change`): an app that does not
 * keep the promise is not crashed by its rejection, and an app that awaits it still gets it.
 */
export function observed<T>(promise: Promise<T>): Promise<T> {
  promise.then(undefined, () => undefined)
  return promise
}

/** Whether a value is a promise or promise-like. */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function'
}
