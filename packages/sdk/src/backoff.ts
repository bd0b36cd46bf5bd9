/** Options of {@link Backoff}. */
export interface BackoffOptions {
  /** First ceiling, in milliseconds (default 500). */
  baseMs?: number
  /** Largest ceiling, in milliseconds (default 30 000). */
  maxMs?: number
  /** Source of randomness in [0, 1); injectable for tests. */
  random?: () => number
}

/**
 * The "full jitter" delay: a uniform random time between 0 and `min(maxMs, baseMs * 2^attempt)`.
 * Spreads reconnecting clients out so a restarted server is not hit by all of them at once.
 */
export function fullJitterDelay(attempt: number, options: BackoffOptions = {}): number {
  const base = options.baseMs ?? 500
  const max = options.maxMs ?? 30_000
  const random = options.random ?? Math.random
  const ceiling = Math.min(max, base * 2 ** Math.max(0, attempt))
  return Math.floor(random() * ceiling)
}

/**
 * Counts consecutive failures and gives the delay before the next attempt.
 *
 * @example
 * ```ts
 * const backoff = new Backoff({ baseMs: 500, maxMs: 30_000 })
 * setTimeout(reconnect, backoff.next())
 * // once connected:
 * backoff.reset()
 * ```
 */
export class Backoff {
  #attempt = 0

  constructor(private readonly options: BackoffOptions = {}) {}

  /** Consecutive failures so far. */
  get attempt(): number {
    return this.#attempt
  }

  /** The delay before the next attempt; each call counts one more failure. */
  next(): number {
    const delay = fullJitterDelay(this.#attempt, this.options)
    this.#attempt += 1
    return delay
  }

  /** Forgets past failures (call after a successful connection). */
  reset(): void {
    this.#attempt = 0
  }
}
