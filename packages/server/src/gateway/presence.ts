import type { Presence, PresenceFrame } from '@warbler/protocol'
import type { Bus } from '../bus/bus.js'
import type { PresenceStore } from '../bus/presence.js'
import type { Session } from './session.js'

/** The channel presence changes travel on between nodes. */
export const PRESENCE_CHANNEL = 'warbler:presence'

/**
 * Presence across devices and nodes, kept bounded: a user's online/offline changes are published
 * once per transition (not per device), and delivered only to sessions that subscribed to that user
 * (friends and conversation peers, at most 200 per session; checked by the caller).
 */
export class PresenceService {
  private readonly watchers = new Map<string, Set<Session>>()
  private unsubscribe?: () => Promise<void>

  constructor(
    private readonly store: PresenceStore,
    private readonly bus: Bus,
    private readonly nodeId: string,
    private readonly ttlMs: number,
  ) {}

  async start(): Promise<void> {
    this.unsubscribe = await this.bus.subscribe(PRESENCE_CHANNEL, (payload) => {
      let change: { appId: string; presence: Presence }
      try {
        change = JSON.parse(payload) as { appId: string; presence: Presence }
      } catch {
        return
      }
      const sessions = this.watchers.get(`${change.appId}\u0000${change.presence.userId}`)
      if (!sessions) return
      const frame: PresenceFrame = { type: 'presence', ...change.presence }
      const text = JSON.stringify(frame)
      for (const session of sessions) session.sendText(text)
    })
  }

  async stop(): Promise<void> {
    await this.unsubscribe?.()
  }

  /** A session authenticated: mark it online; announce the user if this is their first device. */
  async connected(session: Session): Promise<void> {
    const { appId, userId } = session as { appId: string; userId: string }
    const wasOnline = (await this.store.isOnline(appId, [userId])).has(userId)
    await this.store.heartbeat(appId, userId, { sessionId: session.id, nodeId: this.nodeId }, this.ttlMs)
    if (!wasOnline) await this.announce(appId, userId)
  }

  /** Keeps this node's sessions alive in the store (called on every heartbeat tick). */
  async refresh(sessions: readonly Session[]): Promise<void> {
    await Promise.all(sessions.map((session) => this.store.heartbeat(session.appId!, session.userId!, { sessionId: session.id, nodeId: this.nodeId }, this.ttlMs)))
  }

  /** A session closed: drop its subscriptions; announce the user offline if it was their last device. */
  async disconnected(session: Session): Promise<void> {
    this.unwatch(session)
    const { appId, userId } = session as { appId: string; userId: string }
    await this.store.remove(appId, userId, session.id)
    if (!(await this.store.isOnline(appId, [userId])).has(userId)) await this.announce(appId, userId)
  }

  private async announce(appId: string, userId: string): Promise<void> {
    const [presence] = await this.query(appId, [userId])
    await this.bus.publish(PRESENCE_CHANNEL, JSON.stringify({ appId, presence }))
  }

  /** Presence of the users (the caller has checked the viewer may see them). */
  async query(appId: string, userIds: readonly string[]): Promise<Presence[]> {
    const [online, lastSeen] = await Promise.all([this.store.isOnline(appId, userIds), this.store.lastSeen(appId, userIds)])
    return Promise.all(
      userIds.map(async (userId) => ({
        userId,
        online: online.has(userId),
        lastSeenAt: lastSeen.get(userId) ?? null,
        devices: online.has(userId) ? (await this.store.sessions(appId, userId)).length : 0,
      })),
    )
  }

  /** The user's live sessions on every node. */
  sessions(appId: string, userId: string) {
    return this.store.sessions(appId, userId)
  }

  /** Replaces the session's presence subscriptions. */
  watch(session: Session, userIds: readonly string[]): void {
    this.unwatch(session)
    for (const userId of userIds) {
      const key = `${session.appId}\u0000${userId}`
      let set = this.watchers.get(key)
      if (!set) this.watchers.set(key, (set = new Set()))
      set.add(session)
      session.presenceWatch.add(userId)
    }
  }

  private unwatch(session: Session): void {
    for (const userId of session.presenceWatch) {
      const key = `${session.appId}\u0000${userId}`
      const set = this.watchers.get(key)
      set?.delete(session)
      if (set?.size === 0) this.watchers.delete(key)
    }
    session.presenceWatch.clear()
  }
}
