import type { Session } from './session.js'

/** The authenticated sessions of this node, by user. */
export class SessionRegistry {
  private readonly byUser = new Map<string, Set<Session>>()
  private count = 0

  /** Number of authenticated sessions on this node. */
  get size(): number {
    return this.count
  }

  add(session: Session): void {
    let sessions = this.byUser.get(session.userKey)
    if (!sessions) this.byUser.set(session.userKey, (sessions = new Set()))
    if (!sessions.has(session)) {
      sessions.add(session)
      this.count++
    }
  }

  remove(session: Session): void {
    const sessions = this.byUser.get(session.userKey)
    if (!sessions?.delete(session)) return
    this.count--
    if (sessions.size === 0) this.byUser.delete(session.userKey)
  }

  /** The sessions of one user on this node. */
  sessionsOf(appId: string, userId: string): ReadonlySet<Session> {
    return this.byUser.get(`${appId}\u0000${userId}`) ?? EMPTY
  }

  /**
   * Sends one serialised frame to every local session of the recipients, encoded to UTF-8 once for
   * all of them (a string would be encoded again for each socket it is written to).
   */
  deliver(appId: string, recipients: readonly string[], frameText: string): void {
    let payload: Buffer | undefined
    for (const userId of recipients) {
      const sessions = this.byUser.get(`${appId}\u0000${userId}`)
      if (!sessions) continue
      payload ??= Buffer.from(frameText)
      for (const session of sessions) session.sendText(payload)
    }
  }

  all(): Session[] {
    return [...this.byUser.values()].flatMap((sessions) => [...sessions])
  }
}

const EMPTY: ReadonlySet<Session> = new Set()
