import type { PresenceSession, PresenceStore } from '../presence.js'
import type { RedisConnection } from './redis-driver.js'

/** How long a last-seen time is kept after the user's last activity. */
const LAST_SEEN_RETENTION_MS = 90 * 24 * 3600 * 1000

/**
 * Adds or renews one session, drops expired ones, and keeps both keys alive as long as the
 * longest-lived session. KEYS: sessions (zset sessionId → expiresAt), nodes (hash sessionId → nodeId),
 * last seen. ARGV: now, expiresAt, sessionId, nodeId, last-seen retention.
 */
const HEARTBEAT_SCRIPT = `
local expired = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if #expired > 0 then
  redis.call('ZREM', KEYS[1], unpack(expired))
  redis.call('HDEL', KEYS[2], unpack(expired))
end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
redis.call('HSET', KEYS[2], ARGV[3], ARGV[4])
local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
local ttl = math.max(1, tonumber(last[2]) - tonumber(ARGV[1]))
redis.call('PEXPIRE', KEYS[1], ttl)
redis.call('PEXPIRE', KEYS[2], ttl)
redis.call('SET', KEYS[3], ARGV[1], 'PX', ARGV[5])
return 1`

/** Removes one session. KEYS as above; ARGV: now, sessionId, last-seen retention. */
const REMOVE_SCRIPT = `
redis.call('ZREM', KEYS[1], ARGV[2])
redis.call('HDEL', KEYS[2], ARGV[2])
redis.call('SET', KEYS[3], ARGV[1], 'PX', ARGV[3])
return 1`

/** Presence shared by every node through Redis (on the bus's command connection). */
export class RedisPresenceStore implements PresenceStore {
  readonly kind = 'redis' as const

  constructor(
    private readonly redis: RedisConnection,
    private readonly prefix: string,
  ) {}

  /**
   * Keys of one user. The app id's length is part of the key, so no two (app, user) pairs collide;
   * the braces are a Redis Cluster hash tag, so the three keys share a slot and one script can touch them.
   */
  private keys(appId: string, userId: string): [sessions: string, nodes: string, lastSeen: string] {
    const base = `${this.prefix}presence:{${appId.length}:${appId}:${userId}}`
    return [`${base}:sessions`, `${base}:nodes`, `${base}:seen`]
  }

  async heartbeat(appId: string, userId: string, session: { sessionId: string; nodeId: string }, ttlMs: number): Promise<void> {
    const now = Date.now()
    await this.redis.eval(HEARTBEAT_SCRIPT, 3, ...this.keys(appId, userId), now, now + Math.max(1, Math.round(ttlMs)), session.sessionId, session.nodeId, LAST_SEEN_RETENTION_MS)
  }

  async remove(appId: string, userId: string, sessionId: string): Promise<void> {
    await this.redis.eval(REMOVE_SCRIPT, 3, ...this.keys(appId, userId), Date.now(), sessionId, LAST_SEEN_RETENTION_MS)
  }

  async isOnline(appId: string, userIds: readonly string[]): Promise<Set<string>> {
    if (userIds.length === 0) return new Set()
    const pipeline = this.redis.pipeline()
    const now = Date.now()
    for (const userId of userIds) pipeline.zcount(this.keys(appId, userId)[0], `(${now}`, '+inf')
    const results = await execute(pipeline)
    return new Set(userIds.filter((_, index) => Number(results[index]) > 0))
  }

  async sessions(appId: string, userId: string): Promise<PresenceSession[]> {
    const [sessionsKey, nodesKey] = this.keys(appId, userId)
    const pipeline = this.redis.pipeline()
    pipeline.zrangebyscore(sessionsKey, `(${Date.now()}`, '+inf', 'WITHSCORES')
    const [flat] = (await execute(pipeline)) as [string[]]
    const live: { sessionId: string; expiresAt: number }[] = []
    for (let index = 0; index + 1 < flat.length; index += 2) live.push({ sessionId: flat[index]!, expiresAt: Number(flat[index + 1]) })
    if (live.length === 0) return []
    const nodes = this.redis.pipeline()
    nodes.hmget(nodesKey, ...live.map((session) => session.sessionId))
    const [nodeIds] = (await execute(nodes)) as [(string | null)[]]
    return live.map((session, index) => ({ ...session, nodeId: nodeIds[index] ?? '' }))
  }

  async lastSeen(appId: string, userIds: readonly string[]): Promise<Map<string, number>> {
    const result = new Map<string, number>()
    if (userIds.length === 0) return result
    const pipeline = this.redis.pipeline()
    for (const userId of userIds) pipeline.get(this.keys(appId, userId)[2])
    const values = await execute(pipeline)
    userIds.forEach((userId, index) => {
      if (values[index] !== null && values[index] !== undefined) result.set(userId, Number(values[index]))
    })
    return result
  }
}

/** Runs a pipeline and returns each command's result, throwing the first error. */
async function execute(pipeline: { exec(): Promise<[Error | null, unknown][] | null> }): Promise<unknown[]> {
  const results = (await pipeline.exec()) ?? []
  return results.map(([error, value]) => {
    if (error) throw error
    return value
  })
}
