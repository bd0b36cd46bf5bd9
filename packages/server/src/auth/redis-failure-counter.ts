import type { RedisConnection } from '../bus/redis/redis-driver.js'
import type { AuthThrottleLimits, FailureCounter } from './auth-failure-throttle.js'

/** INCR, with the expiry set on the first failure of a window; one atomic step. */
const FAIL_SCRIPT = `
local value = redis.call('INCR', KEYS[1])
if value == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return value`

/** The count and the milliseconds left in its window. */
const PEEK_SCRIPT = `return { tonumber(redis.call('GET', KEYS[1]) or '0'), redis.call('PTTL', KEYS[1]) }`

/**
 * Failures counted in Redis, so every node sees the same count: a fixed window per key that starts
 * at its first failure (a guesser spread over nodes is blocked as one).
 */
export class RedisFailureCounter implements FailureCounter {
  constructor(
    private readonly connection: RedisConnection,
    private readonly limits: AuthThrottleLimits,
    private readonly prefix = 'warbler:',
  ) {}

  /** Opens its own connection to `url` (`redis://…`, `?prefix=` as for the bus). */
  static async open(url: string, limits: AuthThrottleLimits): Promise<RedisFailureCounter> {
    const parsed = new URL(url)
    const prefix = parsed.searchParams.get('prefix') ?? 'warbler:'
    parsed.searchParams.delete('prefix')
    const { openRedisConnection } = await import('../bus/redis/redis-driver.js')
    const connection = await openRedisConnection({ url: parsed.toString(), connectionName: 'warbler-auth-throttle' })
    return new RedisFailureCounter(connection, limits, prefix)
  }

  async retryAfterSeconds(key: string): Promise<number> {
    const [count, ttl] = (await this.connection.eval(PEEK_SCRIPT, 1, this.prefix + key)) as [number, number]
    if (count < this.limits.maxFailures) return 0
    return Math.max(1, Math.ceil((ttl > 0 ? ttl : this.limits.windowMs) / 1000))
  }

  async fail(key: string): Promise<void> {
    await this.connection.eval(FAIL_SCRIPT, 1, this.prefix + key, Math.max(1, Math.round(this.limits.windowMs)))
  }

  async close(): Promise<void> {
    await this.connection.quit().catch(() => this.connection.disconnect())
  }
}
