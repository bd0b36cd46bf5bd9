import { createHash } from 'node:crypto'
import type { Bus } from '../bus/bus.js'
import { MemoryPresenceStore } from '../bus/memory/memory-presence-store.js'
import type { PresenceStore } from '../bus/presence.js'
import { RedisBus } from '../bus/redis/redis-bus.js'
import { RedisPresenceStore } from '../bus/redis/redis-presence-store.js'

/** How long a console window counts as connected without renewing (the inbox renews every third of it). */
export const CONSOLE_PRESENCE_TTL_MS = 90_000

/** A console window holding an agent's presence. */
export interface ConsolePresenceLease {
  userId: string
  windowId: string
  expiresAt: number
  /** When the window should renew (ms from now). */
  renewAfterMs: number
}

/**
 * Console inbox windows that work as an agent user count as that agent's connected session for
 * customer service only (docs/decisions.md "A console inbox counts as the agent's connected
 * session"). Leases live in a presence store of their own — shared through Redis when the bus is
 * Redis, under a separate key prefix — so they never show as the user's presence or devices to
 * other users, and no user token exists for them. A lease ends when the window says so (closing
 * it) or when it is not renewed within the TTL (a crashed browser, a dead network).
 *
 * @example
 * ```ts
 * const consoles = new ConsolePresence(createConsolePresenceStore(bus))
 * await consoles.hold(appId, 'lin', 'olivia@example.com', windowId)
 * await consoles.onlineAmong(appId, ['lin', 'max']) // Set { 'lin' }
 * ```
 */
export class ConsolePresence {
  constructor(
    private readonly store: PresenceStore,
    private readonly ttlMs = CONSOLE_PRESENCE_TTL_MS,
  ) {}

  /** A lease per account and window: a window cannot renew or end another account's lease. */
  private holder(accountEmail: string, windowId: string): string {
    return `${createHash('sha256').update(accountEmail.toLowerCase()).digest('base64url').slice(0, 16)}:${windowId}`
  }

  /** Starts or renews the lease of one console window working as `userId`. */
  async hold(appId: string, userId: string, accountEmail: string, windowId: string): Promise<ConsolePresenceLease> {
    await this.store.heartbeat(appId, userId, { sessionId: this.holder(accountEmail, windowId), nodeId: 'console' }, this.ttlMs)
    return { userId, windowId, expiresAt: Date.now() + this.ttlMs, renewAfterMs: Math.floor(this.ttlMs / 3) }
  }

  /** Ends the lease of one console window (closing the inbox, or working as someone else). */
  async release(appId: string, userId: string, accountEmail: string, windowId: string): Promise<void> {
    await this.store.remove(appId, userId, this.holder(accountEmail, windowId))
  }

  /** The users among `userIds` with at least one console window holding their presence. */
  onlineAmong(appId: string, userIds: readonly string[]): Promise<Set<string>> {
    return this.store.isOnline(appId, userIds)
  }
}

/** The console leases' store for the bus in use: Redis (own key prefix) for the Redis bus, in-process otherwise. */
export function createConsolePresenceStore(bus: Bus): PresenceStore {
  return bus instanceof RedisBus ? new RedisPresenceStore(bus.commands, `${bus.prefix}console-`) : new MemoryPresenceStore()
}

/**
 * Who counts as connected for customer service: a WebSocket session (any node) or a console
 * inbox window working as the agent.
 */
export function supportPresence(
  sessions: { query(appId: string, userIds: readonly string[]): Promise<{ userId: string; online: boolean }[]> },
  consoles: ConsolePresence,
): { query(appId: string, userIds: readonly string[]): Promise<{ userId: string; online: boolean }[]> } {
  return {
    async query(appId, userIds) {
      const [connected, leased] = await Promise.all([sessions.query(appId, userIds), consoles.onlineAmong(appId, userIds)])
      const online = new Set(connected.filter((entry) => entry.online).map((entry) => entry.userId))
      return userIds.map((userId) => ({ userId, online: online.has(userId) || leased.has(userId) }))
    },
  }
}
