/**
 * The subset of `ioredis` Warbler uses, so the bus interface does not depend on the package and
 * in-process users never load it (the package is imported lazily).
 */
export interface RedisConnection {
  publish(channel: string, message: Buffer | string): Promise<number>
  subscribe(...channels: string[]): Promise<unknown>
  unsubscribe(...channels: string[]): Promise<unknown>
  eval(script: string, numberOfKeys: number, ...args: (string | number)[]): Promise<unknown>
  set(key: string, value: string, ...args: (string | number)[]): Promise<string | null>
  get(key: string): Promise<string | null>
  ping(): Promise<string>
  pipeline(): RedisPipeline
  quit(): Promise<unknown>
  disconnect(): void
  on(event: 'messageBuffer', listener: (channel: Buffer, message: Buffer) => void): unknown
  on(event: 'error' | 'ready' | 'reconnecting' | 'end', listener: (...args: unknown[]) => void): unknown
  readonly status: string
}

/** A pipeline of commands sent in one round trip. */
export interface RedisPipeline {
  zadd(key: string, ...args: (string | number)[]): RedisPipeline
  zremrangebyscore(key: string, min: string | number, max: string | number): RedisPipeline
  zrangebyscore(key: string, min: string | number, max: string | number, ...args: string[]): RedisPipeline
  zcount(key: string, min: string | number, max: string | number): RedisPipeline
  zrem(key: string, ...members: string[]): RedisPipeline
  hset(key: string, field: string, value: string): RedisPipeline
  hdel(key: string, ...fields: string[]): RedisPipeline
  hmget(key: string, ...fields: string[]): RedisPipeline
  pexpire(key: string, milliseconds: number): RedisPipeline
  set(key: string, value: string, ...args: (string | number)[]): RedisPipeline
  get(key: string): RedisPipeline
  exec(): Promise<[Error | null, unknown][] | null>
}

/** Options of {@link openRedisConnection}. */
export interface RedisConnectionOptions {
  /** `redis://[user:password@]host:port[/db]` or `rediss://` for TLS. */
  url: string
  /** Shown in `CLIENT LIST`, so an operator can tell Warbler's connections apart. */
  connectionName?: string
}

/**
 * Opens one ioredis connection that reconnects on its own (backoff capped at 2 s) and, for a
 * subscriber connection, re-subscribes its channels after a reconnect (ioredis `autoResubscribe`).
 */
export async function openRedisConnection(options: RedisConnectionOptions): Promise<RedisConnection> {
  const { Redis } = await import('ioredis')
  const connection = new Redis(options.url, {
    connectionName: options.connectionName,
    lazyConnect: true,
    autoResubscribe: true,
    enableOfflineQueue: true,
    maxRetriesPerRequest: 20,
    retryStrategy: (attempt: number) => Math.min(50 * 2 ** Math.min(attempt, 6), 2000),
  })
  // Errors surface on the commands that hit them; a lost connection is retried, never fatal.
  connection.on('error', () => {})
  await connection.connect()
  return connection as unknown as RedisConnection
}
