import { randomBytes } from 'node:crypto'

/** The Redis the tests use. */
export const TEST_REDIS_URL = process.env.WARBLER_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'

/**
 * Whether the Redis suites run. Returns a skip reason when Redis is unreachable outside CI; in CI
 * (env `CI` set) an unreachable Redis throws, so the suite fails loudly instead of skipping.
 */
export async function redisSkipReason(): Promise<string | undefined> {
  const { Redis } = await import('ioredis')
  const client = new Redis(TEST_REDIS_URL, { lazyConnect: true, connectTimeout: 3000, maxRetriesPerRequest: 0, retryStrategy: () => null })
  client.on('error', () => {})
  try {
    await client.connect()
    await client.ping()
    return undefined
  } catch (error) {
    const message = `Redis at ${TEST_REDIS_URL} is unreachable (${error instanceof Error ? error.message : String(error)})`
    if (process.env.CI) throw new Error(`${message}; CI requires it (set WARBLER_TEST_REDIS_URL).`)
    console.warn(`SKIPPED Redis tests: ${message}. Start Redis or set WARBLER_TEST_REDIS_URL to run them.`)
    return message
  } finally {
    client.disconnect()
  }
}

/** A fresh key and channel prefix for one test: `warbler-test:<random>:`. */
export function testPrefix(): string {
  return `warbler-test:${randomBytes(6).toString('hex')}:`
}

/** Kills the server side of every client connection whose name is `name` (as a Redis restart would). */
export async function killRedisConnections(name: string): Promise<number> {
  const { Redis } = await import('ioredis')
  const admin = new Redis(TEST_REDIS_URL)
  try {
    const list = (await admin.client('LIST')) as string
    let killed = 0
    for (const line of list.split('\n')) {
      const id = /(?:^| )id=(\d+)/.exec(line)?.[1]
      if (id && line.includes(` name=${name} `)) killed += Number(await admin.client('KILL', 'ID', id))
    }
    return killed
  } finally {
    admin.disconnect()
  }
}

/** Deletes every key under the given test prefixes (presence last-seen times outlive a test otherwise). */
export async function deleteKeysWithPrefixes(prefixes: readonly string[]): Promise<void> {
  if (prefixes.length === 0) return
  const { Redis } = await import('ioredis')
  const admin = new Redis(TEST_REDIS_URL)
  try {
    for (const prefix of prefixes) {
      let cursor = '0'
      // Bounded: SCAN visits each key at most a few times; 10 000 rounds is far beyond a test's keys.
      for (let round = 0; round < 10_000; round++) {
        const [next, keys] = await admin.scan(cursor, 'MATCH', `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`, 'COUNT', 500)
        if (keys.length > 0) await admin.del(...keys)
        cursor = next
        if (cursor === '0') break
      }
    }
  } finally {
    admin.disconnect()
  }
}
