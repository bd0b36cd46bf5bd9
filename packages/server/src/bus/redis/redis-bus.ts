import type { Bus } from '../bus.js'
import { openRedisConnection, type RedisConnection } from './redis-driver.js'
import { decodePayload, encodePayload } from './redis-payload.js'

/** Options of {@link RedisBus.open}. */
export interface RedisBusOptions {
  /** `redis://host:6379`. */
  url: string
  /** Prepended to every channel and key, so several deployments (or tests) can share one Redis. Default `warbler:`. */
  prefix?: string
  /** Base of the connection names shown in `CLIENT LIST` (`<name>-commands`, `<name>-subscriber`). Default `warbler`. */
  connectionName?: string
}

/** INCR, and set the expiry on the first increment only; one atomic step. */
const INCREMENT_SCRIPT = `
local value = redis.call('INCR', KEYS[1])
if value == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return value`

/**
 * The bus over Redis pub/sub: one connection for commands, one dedicated to subscriptions. It only
 * moves bytes; routing stays in `bus/fanout.ts`. Both connections reconnect on their own, and the
 * subscriptions come back after Redis restarts (messages published while a node was cut off are
 * lost, as with any pub/sub: clients fill such gaps by syncing from storage).
 *
 * @example
 * ```ts
 * const bus = await RedisBus.open({ url: 'redis://127.0.0.1:6379' })
 * await bus.subscribe('news', (payload) => console.log(payload))
 * await bus.publish('news', 'hello')
 * ```
 */
export class RedisBus implements Bus {
  readonly kind = 'redis' as const
  private readonly handlers = new Map<string, Set<(payload: string) => void>>()
  /** The SUBSCRIBE in flight or done per channel, so a second subscriber also waits until it is active. */
  private readonly active = new Map<string, Promise<unknown>>()
  private closed = false

  private constructor(
    /** The command connection, shared with presence and leases (see `createPresenceStore`, `createLeases`). */
    readonly commands: RedisConnection,
    private readonly subscriber: RedisConnection,
    /** The prefix of every channel and key. */
    readonly prefix: string,
  ) {
    subscriber.on('messageBuffer', (channel, message) => {
      const handlers = this.handlers.get(channel.toString('utf8'))
      if (!handlers) return
      const payload = decodePayload(message)
      for (const handler of [...handlers]) handler(payload)
    })
  }

  /** Connects both connections (lazily loading `ioredis`). */
  static async open(options: RedisBusOptions): Promise<RedisBus> {
    const prefix = options.prefix ?? 'warbler:'
    const name = options.connectionName ?? 'warbler'
    const commands = await openRedisConnection({ url: options.url, connectionName: `${name}-commands` })
    const subscriber = await openRedisConnection({ url: options.url, connectionName: `${name}-subscriber` })
    return new RedisBus(commands, subscriber, prefix)
  }

  async publish(channel: string, payload: string): Promise<void> {
    if (this.closed) throw new Error('RedisBus: closed')
    await this.commands.publish(this.prefix + channel, encodePayload(payload))
  }

  async subscribe(channel: string, handler: (payload: string) => void): Promise<() => Promise<void>> {
    const name = this.prefix + channel
    let handlers = this.handlers.get(name)
    const first = !handlers
    if (!handlers) this.handlers.set(name, (handlers = new Set()))
    const wrapped = (payload: string) => handler(payload)
    handlers.add(wrapped)
    if (first) this.active.set(name, this.subscriber.subscribe(name))
    await this.active.get(name)
    return async () => {
      const current = this.handlers.get(name)
      if (!current?.delete(wrapped) || current.size > 0) return
      this.handlers.delete(name)
      this.active.delete(name)
      if (!this.closed) await this.subscriber.unsubscribe(name)
    }
  }

  async increment(key: string, windowMs: number): Promise<number> {
    return Number(await this.commands.eval(INCREMENT_SCRIPT, 1, this.prefix + key, Math.max(1, Math.round(windowMs))))
  }

  /** Fails at once while either connection is down (so `/readyz` answers fast during a Redis outage). */
  async ping(): Promise<void> {
    if (this.commands.status !== 'ready' || this.subscriber.status !== 'ready') throw new Error(`RedisBus: not connected (${this.commands.status}/${this.subscriber.status})`)
    await this.commands.ping()
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    this.handlers.clear()
    await Promise.all([this.commands, this.subscriber].map((connection) => connection.quit().catch(() => connection.disconnect())))
  }
}
