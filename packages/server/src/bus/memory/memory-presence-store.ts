import type { PresenceSession, PresenceStore } from '../presence.js'

/** Presence for a single node, in memory. */
export class MemoryPresenceStore implements PresenceStore {
  readonly kind = 'memory' as const
  private readonly users = new Map<string, Map<string, PresenceSession>>()
  private readonly seen = new Map<string, number>()

  async heartbeat(appId: string, userId: string, session: { sessionId: string; nodeId: string }, ttlMs: number): Promise<void> {
    const key = userKey(appId, userId)
    const now = Date.now()
    let sessions = this.users.get(key)
    if (!sessions) this.users.set(key, (sessions = new Map()))
    sessions.set(session.sessionId, { sessionId: session.sessionId, nodeId: session.nodeId, expiresAt: now + ttlMs })
    this.seen.set(key, now)
  }

  async remove(appId: string, userId: string, sessionId: string): Promise<void> {
    const key = userKey(appId, userId)
    const sessions = this.users.get(key)
    sessions?.delete(sessionId)
    if (sessions?.size === 0) this.users.delete(key)
    this.seen.set(key, Date.now())
  }

  async isOnline(appId: string, userIds: readonly string[]): Promise<Set<string>> {
    const online = new Set<string>()
    for (const userId of userIds) if ((await this.sessions(appId, userId)).length > 0) online.add(userId)
    return online
  }

  async sessions(appId: string, userId: string): Promise<PresenceSession[]> {
    const key = userKey(appId, userId)
    const sessions = this.users.get(key)
    if (!sessions) return []
    const now = Date.now()
    for (const [id, session] of sessions) if (session.expiresAt <= now) sessions.delete(id)
    if (sessions.size === 0) this.users.delete(key)
    return [...sessions.values()].map((session) => ({ ...session }))
  }

  async lastSeen(appId: string, userIds: readonly string[]): Promise<Map<string, number>> {
    const result = new Map<string, number>()
    for (const userId of userIds) {
      const at = this.seen.get(userKey(appId, userId))
      if (at !== undefined) result.set(userId, at)
    }
    return result
  }
}

function userKey(appId: string, userId: string): string {
  return `${appId}\u0000${userId}`
}
