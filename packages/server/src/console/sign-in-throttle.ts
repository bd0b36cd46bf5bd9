/** Options of {@link SignInThrottle}. */
export interface SignInThrottleOptions {
  /** Failed attempts allowed per key within the window. Default 5. */
  maxFailures?: number
  /** The window, in milliseconds. Default 15 minutes. */
  windowMs?: number
  now?: () => number
}

/**
 * Slows down password guessing: after `maxFailures` failed sign-ins for the same email, or from
 * the same IP, within the window, further attempts are refused until the window passes. Kept in
 * memory per node (a restart forgets it; argon2's cost still bounds the guessing rate).
 */
export class SignInThrottle {
  readonly #failures = new Map<string, number[]>()
  readonly #max: number
  readonly #windowMs: number
  readonly #now: () => number

  constructor(options: SignInThrottleOptions = {}) {
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
    for (const key of keys) this.#failures.set(key, [...this.#recent(key), this.#now()])
    if (this.#failures.size > 100_000) this.#failures.clear()
  }

  /** Forgets the failures of the keys (after a successful sign-in). */
  succeed(keys: readonly string[]): void {
    for (const key of keys) this.#failures.delete(key)
  }
}
