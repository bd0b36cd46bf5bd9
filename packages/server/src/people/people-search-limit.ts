import { WarblerError } from '@warbler/protocol'
import { RestSendLimit } from '../http/rest-send-limit.js'

/** Limits of {@link PeopleSearchLimit}. */
export interface PeopleSearchLimitOptions {
  /** Directory requests per second per caller, refilled continuously. Default 5. */
  perSecond?: number
  /** Requests a caller may make at once (a burst of typing). Default 20. */
  burst?: number
  /** Milliseconds, monotonic. */
  now?: () => number
}

/**
 * People directory requests per (app, caller) as token buckets on this node: enough for search as
 * you type, too few to walk an app's whole user list quickly. A refusal is `rate_limited` (429, with
 * `Retry-After`). Each node counts its own.
 *
 * @example
 * ```ts
 * const limit = new PeopleSearchLimit()
 * limit.take(appId, userId) // throws rate_limited when the caller is over
 * ```
 */
export class PeopleSearchLimit {
  readonly #buckets: RestSendLimit

  constructor(options: PeopleSearchLimitOptions = {}) {
    this.#buckets = new RestSendLimit({ perSecond: options.perSecond ?? 5, burst: options.burst ?? 20, ...(options.now ? { now: options.now } : {}) })
  }

  /** Counts one directory request by `callerId` in `appId`, or throws `rate_limited` with the seconds to wait. */
  take(appId: string, callerId: string): void {
    try {
      this.#buckets.take(appId, callerId)
    } catch (error) {
      if (!WarblerError.isInstance(error) || error.code !== 'rate_limited') throw error
      const details = error.details as { retryAfterSeconds: number; perSecond: number; burst: number }
      throw new WarblerError('rate_limited', `Too many people searches; wait ${details.retryAfterSeconds} s (Retry-After) and search again.`, { details })
    }
  }
}
