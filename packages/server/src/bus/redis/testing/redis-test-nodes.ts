import { afterAll } from 'vitest'
import { RedisBus } from '../redis-bus.js'
import { deleteKeysWithPrefixes, TEST_REDIS_URL, testPrefix } from './redis-test-server.js'

/**
 * For a test file: a function opening `count` RedisBus nodes (each with its own connections) that
 * share a fresh key prefix, so tests stay apart. Every bus is closed and every prefix's keys deleted
 * when the file's tests end.
 */
export function redisTestNodes(): (count: number) => Promise<RedisBus[]> {
  const buses: RedisBus[] = []
  const prefixes: string[] = []
  afterAll(async () => {
    await Promise.all(buses.map((bus) => bus.close()))
    await deleteKeysWithPrefixes(prefixes)
  })
  return async (count) => {
    const prefix = testPrefix()
    prefixes.push(prefix)
    const nodes = await Promise.all(Array.from({ length: count }, () => RedisBus.open({ url: TEST_REDIS_URL, prefix })))
    buses.push(...nodes)
    return nodes
  }
}
