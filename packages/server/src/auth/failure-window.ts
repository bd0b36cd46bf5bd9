/** Options of {@link FailureWindow}. */
export interface FailureWindowOptions {
  /** Failed attempts allowed per key within the window. Default 5. */
  maxFailures?: number
  /** The window, in milliseconds. Default 15 minutes. */
  windowMs?: number
  now?: () => number
}

/**
 * Counts failed attempts per key (an email, a source address) in a sliding window, in memory: after
 * `maxFailures` failures within the window the key must wait until the oldest of them ages out.
 * Console sign-in uses it as is; {@link AuthFailureThrottle} uses it when no Redis is configured.
 *
 * @example
 * ```ts
 * const window = new FailureWindow({ maxFailures: 5 })
 * if (window.retryAfterSeconds(['ip:10.0.0.1']) > 0) refuse()
 * ```
 */
export class FailureWindow {
  readonly #failures = new Map<string, number[]>()
  readonly #max: number
  readonly #windowMs: number
  readonly #now: () => number

  constructor(options: FailureWindowOptions = {}) {
    this.#max = options.maxFailures ?? 5
    this.#windowMs = options.windowMs ?? 15 * 60 * 1000
    this.#now = options.now ?? Date.now
  }

  #recent(key: string): number[] {
    const since = this.#now() - this.#windowMs
    const kept = (this.#failures.get(key) ?? []).filter((ts) => ts > since)
    if (kept.length > 0) this.#failures.set(key, kept)
    else this.#failures.delete(key)
    return kept
  }

  /** Seconds until the caller may try again, or 0 when it may try now. */
  retryAfterSeconds(keys: readonly string[]): number {
    let wait = 0
    for (const key of keys) {
      const recent = this.#recent(key)
      if (recent.length >= this.#max) wait = Math.max(wait, Math.ceil((recent[recent.length - this.#max]! + this.#windowMs - this.#now()) / 1000))
    }
    return wait
  }

  /** Counts a failed attempt against each key. */
  fail(keys: readonly string[]): void {
    for (const key of keys) this.#failures.set(key, [...this.#recent(key), this.#now()].slice(-this.#max))
    if (this.#failures.size > 100_000) this.#failures.clear()
  }

  /** Forgets the failures of the keys (after a successful sign-in). */
  succeed(keys: readonly string[]): void {
    for (const key of keys) this.#failures.delete(key)
  }
}
