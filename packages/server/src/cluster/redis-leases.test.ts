import { afterAll } from 'vitest'
import { RedisBus } from '../bus/redis/redis-bus.js'
import { deleteKeysWithPrefixes, redisSkipReason, TEST_REDIS_URL, testPrefix } from '../bus/redis/testing/redis-test-server.js'
import { createLeases } from './leases.js'
import { describeLeases } from './testing/lease-conformance.js'

const skip = await redisSkipReason()
const buses: RedisBus[] = []
const prefixes: string[] = []
afterAll(async () => {
  await Promise.all(buses.map((bus) => bus.close()))
  await deleteKeysWithPrefixes(prefixes)
})

// Each node is its own RedisBus (own connections); a fresh prefix per test keeps tests apart.
describeLeases(
  'redis',
  async (count) => {
    const prefix = testPrefix()
    prefixes.push(prefix)
    const nodes = await Promise.all(Array.from({ length: count }, () => RedisBus.open({ url: TEST_REDIS_URL, prefix })))
    buses.push(...nodes)
    return nodes.map((bus) => createLeases(bus))
  },
  skip ? { skip } : {},
)
