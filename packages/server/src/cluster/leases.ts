import type { Bus } from '../bus/bus.js'
import { RedisBus } from '../bus/redis/redis-bus.js'
import { MemoryLeases } from './memory-leases.js'
import { RedisLeases } from './redis-leases.js'

/** A held lease: the key, and the token that proves this holder owns it. */
export interface Lease {
  readonly key: string
  readonly token: string
}

/**
 * Cluster-wide leases: at most one holder per key at a time, until it releases the lease or the TTL
 * passes without a renewal (so the work of a crashed node is picked up by another after the TTL).
 * A lease alone does not make work exactly-once: a holder that stalls past its TTL may overlap
 * with the next one. Pair it with an idempotent write (e.g. a fixed `clientMsgId` for a bot reply).
 *
 * @example
 * ```ts
 * const leases = createLeases(bus)
 * const lease = await leases.tryAcquire(`kb-job:${jobId}`, 30_000)
 * if (lease) {
 *   try { await work() } finally { await leases.release(lease) }
 * }
 * ```
 */
export interface Leases {
  /** Takes the lease when nobody holds it; undefined when someone does. */
  tryAcquire(key: string, ttlMs: number): Promise<Lease | undefined>
  /** Extends a lease this holder still owns to `now + ttlMs`; false when it was lost (expired and maybe taken). */
  renew(lease: Lease, ttlMs: number): Promise<boolean>
  /** Gives the lease up if this holder still owns it; false when it did not. */
  release(lease: Lease): Promise<boolean>
}

/** Leases for the bus in use: shared through Redis for the Redis bus, in-process otherwise. */
export function createLeases(bus: Bus): Leases {
  return bus instanceof RedisBus ? new RedisLeases(bus.commands, bus.prefix) : new MemoryLeases()
}

/**
 * Runs `work` while holding the lease, renewing it every third of the TTL, and releases it after.
 * Resolves `{ ran: false }` when another holder has it. `signal` aborts when the lease is lost,
 * so long work can stop early.
 */
export async function withLease<T>(
  leases: Leases,
  key: string,
  ttlMs: number,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<{ ran: true; result: T } | { ran: false }> {
  const lease = await leases.tryAcquire(key, ttlMs)
  if (!lease) return { ran: false }
  const lost = new AbortController()
  const timer = setInterval(() => {
    leases.renew(lease, ttlMs).then(
      (held) => {
        if (!held) lost.abort(new Error(`lease ${key} lost`))
      },
      () => {
        // A failed renewal is retried on the next tick; the lease may still expire.
      },
    )
  }, Math.max(10, Math.floor(ttlMs / 3)))
  try {
    return { ran: true, result: await work(lost.signal) }
  } finally {
    clearInterval(timer)
    await leases.release(lease).catch(() => false)
  }
}
