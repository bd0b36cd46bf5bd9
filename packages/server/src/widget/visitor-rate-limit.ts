import { WarblerError } from '@warbler/protocol'
import { FailureWindow } from '../auth/failure-window.js'

/** Limits of {@link VisitorRateLimit}. */
export interface VisitorRateLimitOptions {
  /** Visitor requests (create, refresh, lead) allowed per source address within the window. Default 60. */
  maxRequests?: number
  /** Default 10 minutes. */
  windowMs?: number
  now?: () => number
}

/**
 * Requests per source address to the public visitor endpoints, in a sliding window on this node
 * (each node counts its own, so a cluster of n nodes lets through at most n times the limit).
 */
export class VisitorRateLimit {
  readonly #window: FailureWindow

  constructor(options: VisitorRateLimitOptions = {}) {
    this.#window = new FailureWindow({ maxFailures: options.maxRequests ?? 60, windowMs: options.windowMs ?? 10 * 60 * 1000, ...(options.now ? { now: options.now } : {}) })
  }

  /** Counts one request from `address`, or throws `rate_limited` (with `retryAfterSeconds`) when it is over. */
  take(address: string): void {
    const key = `widget-visitor:${address}`
    const wait = this.#window.retryAfterSeconds([key])
    if (wait > 0) throw new WarblerError('rate_limited', `Too many chat sessions from this address; try again in ${wait} s.`, { details: { retryAfterSeconds: wait } })
    this.#window.fail([key])
  }
}
