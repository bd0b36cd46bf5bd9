import { WarblerError } from '@warbler/protocol'

/** Limits of {@link RestSendLimit}: the WebSocket's per-connection numbers, per (app, sender) here. */
export interface RestSendLimitOptions {
  /** Sends per second per sender, refilled continuously. */
  perSecond: number
  /** Sends a sender may make at once. */
  burst: number
  /** Milliseconds, monotonic (default `performance.now()`). */
  now?: () => number
  /** Senders tracked at most; past it, senders whose bucket has refilled are forgotten. Default 50 000. */
  maxTracked?: number
}

interface Bucket {
  tokens: number
  updatedAt: number
}

/**
 * REST sends (`POST /api/v1/apps/{appId}/messages`) per app and sender, as token buckets on this
 * node: a backend sending as one user gets what one WebSocket connection of that user gets, and
 * a refusal is `rate_limited` (429) with `retryAfterSeconds` (the `Retry-After` header). Each node
 * counts its own, so n nodes let a sender through at most n times the rate.
 *
 * @example
 * ```ts
 * const limit = new RestSendLimit({ perSecond: 50, burst: 100 })
 * limit.take(appId, body.from) // throws rate_limited when the sender is over
 * ```
 */
export class RestSendLimit {
  readonly #buckets = new Map<string, Bucket>()
  readonly #now: () => number
  readonly #maxTracked: number

  constructor(private readonly options: RestSendLimitOptions) {
    this.#now = options.now ?? (() => performance.now())
    this.#maxTracked = options.maxTracked ?? 50_000
  }

  /** Counts one send by `senderId` in `appId`, or throws `rate_limited` with the seconds to wait. */
  take(appId: string, senderId: string): void {
    const { perSecond, burst } = this.options
    const now = this.#now()
    const key = `${appId}\u0000${senderId}`
    const bucket = this.#buckets.get(key) ?? { tokens: burst, updatedAt: now }
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.updatedAt) / 1000) * perSecond)
    bucket.updatedAt = now
    if (!this.#buckets.has(key)) {
      if (this.#buckets.size >= this.#maxTracked) this.#forgetRefilled(now)
      this.#buckets.set(key, bucket)
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1
      return
    }
    const retryAfterSeconds = Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond))
    throw new WarblerError('rate_limited', `At most ${perSecond} sends per second (bursts of ${burst}) per sender over REST; wait ${retryAfterSeconds} s (Retry-After) and send again with the same clientMsgId.`, {
      details: { retryAfterSeconds, perSecond, burst },
    })
  }

  #forgetRefilled(now: number): void {
    const { perSecond, burst } = this.options
    for (const [key, bucket] of this.#buckets) {
      if (bucket.tokens + ((now - bucket.updatedAt) / 1000) * perSecond >= burst) this.#buckets.delete(key)
    }
  }
}
