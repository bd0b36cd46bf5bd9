import type { ServerConfig } from '../config/config.js'
import { AuthFailureThrottle, MemoryFailureCounter, type AuthThrottleLimits } from './auth-failure-throttle.js'

/**
 * The auth throttle the configuration calls for: counted in Redis, shared by every node, when
 * `WARBLER_REDIS_URL` is set; in this process otherwise.
 */
export async function openAuthThrottle(config: Pick<ServerConfig, 'redisUrl' | 'authThrottle'>): Promise<AuthFailureThrottle> {
  const limits: AuthThrottleLimits = { maxFailures: config.authThrottle.maxFailures, windowMs: config.authThrottle.windowSeconds * 1000 }
  if (!config.redisUrl) return new AuthFailureThrottle(new MemoryFailureCounter(limits))
  const { RedisFailureCounter } = await import('./redis-failure-counter.js')
  return new AuthFailureThrottle(await RedisFailureCounter.open(config.redisUrl, limits))
}
