import type { ServerConfig } from '../config/config.js'
import type { Bus } from './bus.js'
import { MemoryBus } from './memory/memory-bus.js'

/**
 * Opens the bus the configuration names: in-process unless a Redis URL is set.
 * `WARBLER_REDIS_URL=redis://host:6379?prefix=warbler:` selects Redis (`prefix`, optional, keeps
 * deployments sharing one Redis apart; the Redis code and `ioredis` load only then).
 */
export async function openBus(config: ServerConfig): Promise<Bus> {
  if (config.redisUrl) {
    const url = new URL(config.redisUrl)
    if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') throw new Error('WARBLER_REDIS_URL must start with redis:// or rediss://')
    const prefix = url.searchParams.get('prefix') ?? undefined
    url.searchParams.delete('prefix')
    const { RedisBus } = await import('./redis/redis-bus.js')
    return RedisBus.open({ url: url.toString(), ...(prefix === undefined ? {} : { prefix }) })
  }
  return new MemoryBus()
}
