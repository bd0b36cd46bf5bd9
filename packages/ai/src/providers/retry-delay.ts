/**
 * How long to wait before the next attempt, and an abortable wait.
 */

/** Exponential backoff settings. */
export interface BackoffOptions {
  /** The wait before the first retry (default 500 ms). */
  initialDelayMs?: number
  /** Each retry waits this many times longer than the one before (default 2). */
  factor?: number
  /** No computed wait is longer than this (default 8000 ms). */
  maxDelayMs?: number
}

/**
 * The wait before retry number `retry` (1 for the first retry): exponential, capped, with "equal
 * jitter" (between half and all of the computed delay) so many bots failing together do not retry
 * in lockstep. A `Retry-After` from the upstream wins when it is longer.
 *
 * @example
 * ```ts
 * retryDelay(1, {}, undefined, () => 0.5) // 375: half of 500 plus a quarter of it
 * retryDelay(1, {}, 2000)                 // 2000: the upstream asked for two seconds
 * ```
 */
export function retryDelay(retry: number, options: BackoffOptions = {}, retryAfterMs?: number, random: () => number = Math.random): number {
  const initial = options.initialDelayMs ?? 500
  const factor = options.factor ?? 2
  const max = options.maxDelayMs ?? 8000
  const computed = Math.min(max, initial * factor ** Math.max(0, retry - 1))
  const jittered = computed / 2 + random() * (computed / 2)
  return retryAfterMs === undefined ? jittered : Math.max(retryAfterMs, jittered)
}

/** Waits `milliseconds`, or rejects with the signal's reason as soon as it aborts. */
export function abortableSleep(milliseconds: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const onAbort = (): void => {
      clearTimeout(timer)
      reject(signal?.reason)
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, milliseconds)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
