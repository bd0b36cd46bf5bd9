import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { describeBus } from '../testing/bus-conformance.js'
import { RedisBus } from './redis-bus.js'
import { hasRedisServer, startPrivateRedis } from './testing/private-redis.js'
import { deleteKeysWithPrefixes, killRedisConnections, redisSkipReason, TEST_REDIS_URL, testPrefix as newPrefix } from './testing/redis-test-server.js'

const skip = await redisSkipReason()
const prefixes: string[] = []
afterAll(() => deleteKeysWithPrefixes(prefixes))
/** A fresh prefix, remembered for cleanup. */
const testPrefix = () => {
  const prefix = newPrefix()
  prefixes.push(prefix)
  return prefix
}

// Each RedisBus is a separate node with its own connections; they share one prefix per test.
describeBus(
  'redis',
  async (count) => {
    const prefix = testPrefix()
    return Promise.all(Array.from({ length: count }, () => RedisBus.open({ url: TEST_REDIS_URL, prefix })))
  },
  skip ? { skip } : {},
)

describe.skipIf(skip)('RedisBus reconnection', () => {
  let buses: RedisBus[] = []
  afterEach(async () => {
    await Promise.all(buses.map((bus) => bus.close()))
    buses = []
  })

  it('restores its subscriptions after its connections are cut, as after a Redis restart', async () => {
    const prefix = testPrefix()
    const name = `warbler-test-${prefix.slice(13, 25)}`
    buses = [await RedisBus.open({ url: TEST_REDIS_URL, prefix }), await RedisBus.open({ url: TEST_REDIS_URL, prefix, connectionName: name })]
    const [sender, receiver] = buses as [RedisBus, RedisBus]
    const received: string[] = []
    await receiver.subscribe('events', (payload) => received.push(payload))
    await sender.publish('events', 'before')
    await expect.poll(() => received, { timeout: 3000 }).toEqual(['before'])

    expect(await killRedisConnections(`${name}-subscriber`)).toBe(1)
    expect(await killRedisConnections(`${name}-commands`)).toBe(1)

    // Publishes made while the receiver is reconnecting are lost (pub/sub); keep sending until one lands.
    for (let attempt = 0; attempt < 100 && !received.includes('after'); attempt++) {
      await sender.publish('events', 'after')
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    expect(received).toContain('after')
    // The command connection came back too.
    expect(await receiver.increment('counter', 1000)).toBe(1)
    await expect.poll(() => receiver.ping().then(() => 'up', () => 'down'), { timeout: 5000 }).toBe('up')
  })

  it('does not deliver to other prefixes (deployments sharing one Redis)', async () => {
    buses = [await RedisBus.open({ url: TEST_REDIS_URL, prefix: testPrefix() }), await RedisBus.open({ url: TEST_REDIS_URL, prefix: testPrefix() })]
    const seen: string[] = []
    await buses[1]!.subscribe('shared', (payload) => seen.push(payload))
    await buses[0]!.publish('shared', 'other deployment')
    await buses[1]!.publish('shared', 'mine')
    await expect.poll(() => seen, { timeout: 3000 }).toEqual(['mine'])
  })
})

const noBinary = hasRedisServer() ? undefined : 'no redis-server binary on the PATH'
if (noBinary) console.warn(`SKIPPED Redis restart test: ${noBinary}.`)

describe.skipIf(noBinary)('RedisBus across a Redis restart (private redis-server)', () => {
  it('reconnects both nodes and restores their subscriptions after Redis crashes and comes back', { timeout: 60_000 }, async () => {
    const redis = await startPrivateRedis()
    const nodes = [await RedisBus.open({ url: redis.url }), await RedisBus.open({ url: redis.url })]
    try {
      const [a, b] = nodes as [RedisBus, RedisBus]
      const seen: string[] = []
      await b.subscribe('events', (payload) => seen.push(payload))
      await a.publish('events', 'before')
      await expect.poll(() => seen, { timeout: 3000 }).toEqual(['before'])

      await redis.kill()
      await expect.poll(() => b.ping().then(() => 'up', () => 'down'), { timeout: 10_000 }).toBe('down')
      await redis.start()

      // Bounded in count (400) and time (20 s): reconnecting waits out the client's backoff (at most 2 s).
      const deadline = Date.now() + 20_000
      for (let attempt = 0; attempt < 400 && Date.now() < deadline && !seen.includes('after'); attempt++) {
        await a.publish('events', 'after').catch(() => {})
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
      expect(seen).toContain('after')
      await expect.poll(() => b.ping().then(() => 'up', () => 'down'), { timeout: 10_000 }).toBe('up')
      expect(await a.increment('counter', 1000)).toBe(1)
    } finally {
      await Promise.all(nodes.map((node) => node.close()))
      await redis.stop()
    }
  })
})
