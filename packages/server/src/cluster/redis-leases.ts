import { randomUUID } from 'node:crypto'
import type { RedisConnection } from '../bus/redis/redis-driver.js'
import type { Lease, Leases } from './leases.js'

/** Extends the key's expiry only if it still holds this holder's token. */
const RENEW_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`

/** Deletes the key only if it still holds this holder's token. */
const RELEASE_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`

/** Leases shared by every node through Redis: `SET key token NX PX ttl`, renew and release by token. */
export class RedisLeases implements Leases {
  constructor(
    private readonly redis: RedisConnection,
    private readonly prefix: string,
  ) {}

  private keyOf(key: string): string {
    return `${this.prefix}lease:${key}`
  }

  async tryAcquire(key: string, ttlMs: number): Promise<Lease | undefined> {
    const token = randomUUID()
    const reply = await this.redis.set(this.keyOf(key), token, 'PX', Math.max(1, Math.round(ttlMs)), 'NX')
    return reply === 'OK' ? { key, token } : undefined
  }

  async renew(lease: Lease, ttlMs: number): Promise<boolean> {
    return Number(await this.redis.eval(RENEW_SCRIPT, 1, this.keyOf(lease.key), lease.token, Math.max(1, Math.round(ttlMs)))) === 1
  }

  async release(lease: Lease): Promise<boolean> {
    return Number(await this.redis.eval(RELEASE_SCRIPT, 1, this.keyOf(lease.key), lease.token)) === 1
  }
}
