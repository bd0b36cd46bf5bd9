import { WarblerError } from '@warbler/protocol'
import { RestSendLimit } from '../http/rest-send-limit.js'

/**
 * 👍/👎 given with a user token, per (app, user), as token buckets on this node. Every rating is
 * kept and each one is a `bot.feedback` webhook, so without a limit one visitor token (anonymous
 * widget visitors get one from any allowed page) could write rows and webhook deliveries without end.
 * A person changing their mind stays far below it. A refusal is `rate_limited` (429, `Retry-After`).
 *
 * @example
 * ```ts
 * const limit = new RatingLimit()
 * limit.take(appId, userId) // throws rate_limited when the user is over
 * ```
 */
export class RatingLimit {
  readonly #buckets: RestSendLimit

  constructor(options: { perSecond?: number; burst?: number; now?: () => number } = {}) {
    this.#buckets = new RestSendLimit({ perSecond: options.perSecond ?? 1, burst: options.burst ?? 20, ...(options.now ? { now: options.now } : {}) })
  }

  /** Counts one rating by `userId` in `appId`, or throws `rate_limited` with the seconds to wait. */
  take(appId: string, userId: string): void {
    try {
      this.#buckets.take(appId, userId)
    } catch (error) {
      if (!WarblerError.isInstance(error) || error.code !== 'rate_limited') throw error
      const details = error.details as { retryAfterSeconds: number }
      throw new WarblerError('rate_limited', `Too many ratings; wait ${details.retryAfterSeconds} s (Retry-After) and rate again.`, { details })
    }
  }
}
