import { WarblerError } from '@warbler/protocol'
import { FailureWindow } from './failure-window.js'

/** Where failed authentications are counted: this node's memory, or Redis shared by every node. */
export interface FailureCounter {
  /** Seconds until the key may try again (0: now). */
  retryAfterSeconds(key: string): Promise<number>
  /** Counts one failure against the key. */
  fail(key: string): Promise<void>
  close(): Promise<void>
}

/** Limits of {@link AuthFailureThrottle}. */
export interface AuthThrottleLimits {
  /** Failed authentications allowed per source address within the window. */
  maxFailures: number
  windowMs: number
}

/** Failures counted in this process (one node, or tests). */
export class MemoryFailureCounter implements FailureCounter {
  readonly #window: FailureWindow

  constructor(limits: AuthThrottleLimits, now?: () => number) {
    this.#window = new FailureWindow({ maxFailures: limits.maxFailures, windowMs: limits.windowMs, ...(now ? { now } : {}) })
  }

  async retryAfterSeconds(key: string): Promise<number> {
    return this.#window.retryAfterSeconds([key])
  }

  async fail(key: string): Promise<void> {
    this.#window.fail([key])
  }

  async close(): Promise<void> {}
}

/**
 * Throttles guessing of operator keys, app secrets and user tokens per source address: after
 * `maxFailures` refused credentials from one address within the window, that address is answered
 * `rate_limited` (429, Retry-After) before its credentials are even looked at, until the window
 * passes. Only forged or wrong credentials count (`invalid_credentials`); expired, revoked or banned
 * ones are routine for honest clients behind one NAT and do not. A request that authenticates
 * is never slowed or counted.
 *
 * @example
 * ```ts
 * await throttle.check(request.ip)          // throws rate_limited while blocked
 * if (refusedAsInvalid) await throttle.fail(request.ip)
 * ```
 */
export class AuthFailureThrottle {
  constructor(private readonly counter: FailureCounter) {}

  /** Throws `rate_limited` (with `details.retryAfterSeconds`) while the address is blocked. */
  async check(source: string): Promise<void> {
    const wait = await this.counter.retryAfterSeconds(keyOf(source))
    if (wait > 0) throw new WarblerError('rate_limited', `Too many failed authentications from this address; try again in ${wait} s.`, { details: { retryAfterSeconds: wait } })
  }

  /** Counts a refusal of the address's credentials when it is one a guesser would cause. */
  async failed(source: string, error: unknown): Promise<void> {
    if (WarblerError.isInstance(error) && error.code === 'invalid_credentials') await this.counter.fail(keyOf(source))
  }

  close(): Promise<void> {
    return this.counter.close()
  }
}

function keyOf(source: string): string {
  return `auth-failures:${source || 'unknown'}`
}
