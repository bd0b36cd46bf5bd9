import type { Bus } from './bus.js'
import { MemoryPresenceStore } from './memory/memory-presence-store.js'
import { RedisBus } from './redis/redis-bus.js'
import { RedisPresenceStore } from './redis/redis-presence-store.js'

/** One live session of a user, as presence knows it. */
export interface PresenceSession {
  sessionId: string
  /** The node holding the session's WebSocket. */
  nodeId: string
  /** When the session counts as gone unless heartbeated again (ms since epoch). */
  expiresAt: number
}

/**
 * Who is online, across every node. A session is online from its first heartbeat until it is
 * removed or its TTL passes without a heartbeat (so the sessions of a crashed node fade out on their
 * own). Time is each node's clock: keep nodes NTP-synced.
 *
 * @example
 * ```ts
 * const presence = createPresenceStore(bus)
 * await presence.heartbeat('app', 'alice', { sessionId, nodeId }, 60_000) // on connect and every heartbeat
 * await presence.isOnline('app', ['alice', 'bob'])                        // Set { 'alice' }
 * await presence.remove('app', 'alice', sessionId)                        // on disconnect
 * ```
 */
export interface PresenceStore {
  readonly kind: 'memory' | 'redis'
  /** Marks a session online until `now + ttlMs`; call on connect and on every heartbeat. */
  heartbeat(appId: string, userId: string, session: { sessionId: string; nodeId: string }, ttlMs: number): Promise<void>
  /** Marks a session offline (on disconnect). The user's last-seen time becomes now. */
  remove(appId: string, userId: string, sessionId: string): Promise<void>
  /** The users among `userIds` with at least one live session. */
  isOnline(appId: string, userIds: readonly string[]): Promise<Set<string>>
  /** The user's live sessions on every node. */
  sessions(appId: string, userId: string): Promise<PresenceSession[]>
  /**
   * When each user was last online (ms since epoch): their last heartbeat or disconnect. Users never
   * seen are absent from the map.
   */
  lastSeen(appId: string, userIds: readonly string[]): Promise<Map<string, number>>
}

/** Presence for the bus in use: shared through Redis for the Redis bus, in-process otherwise. */
export function createPresenceStore(bus: Bus): PresenceStore {
  return bus instanceof RedisBus ? new RedisPresenceStore(bus.commands, bus.prefix) : new MemoryPresenceStore()
}
