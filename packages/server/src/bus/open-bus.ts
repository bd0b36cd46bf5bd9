import type { ServerConfig } from '../config/config.js'
import type { Bus } from './bus.js'
import { MemoryBus } from './memory/memory-bus.js'

/** Opens the bus the configuration names: in-process unless a Redis URL is set. */
export async function openBus(config: ServerConfig): Promise<Bus> {
  if (config.redisUrl) {
    throw new Error('WARBLER_REDIS_URL is set, but this build has no Redis bus yet; unset it to use the in-process bus.')
  }
  return new MemoryBus()
}
