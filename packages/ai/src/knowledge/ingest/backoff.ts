/** Retry timing of failed ingestion jobs. */
export interface BackoffOptions {
  /** Delay before the second attempt, in milliseconds (default 2,000). */
  baseMs: number
  /** The longest delay (default 5 minutes). */
  maxMs: number
}

/** Defaults for production. */
export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 2_000, maxMs: 300_000 }

/**
 * Exponential backoff with ±20 % jitter: base, 2·base, 4·base, ... capped at `maxMs`.
 * `attempt` is the number of attempts made so far (1 after the first failure).
 */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  const exponential = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempt - 1))
  return Math.round(exponential * (0.8 + 0.4 * random()))
}
