import type { Presence, WarblerClient } from '@warbler/sdk'
import { ExternalStore } from './external-store.js'

/** Presence of the users someone watches. */
export interface PresenceSnapshot {
  presence: Record<string, Presence>
}

/**
 * Presence of watched users. Every watcher adds its users; the client subscribes to all of them
 * together (the SDK's subscription is one list, renewed on reconnect) and asks where newly
 * watched users stand now.
 */
export class PresenceStore extends ExternalStore<PresenceSnapshot> {
  readonly #watchers = new Map<string, number>()
  #subscribed = ''

  constructor(private readonly client: WarblerClient) {
    super({ presence: {} })
    client.on('presence', (presence) => this.#put([presence]))
    client.on('connection-state-change', ({ state }) => {
      if (state === 'connected' && this.#watchers.size > 0) this.#query([...this.#watchers.keys()])
    })
  }

  /** Watches users until the returned function is called. */
  watch(userIds: readonly string[]): () => void {
    const added = userIds.filter((id) => {
      const count = this.#watchers.get(id) ?? 0
      this.#watchers.set(id, count + 1)
      return count === 0
    })
    this.#resubscribe()
    if (added.length > 0) this.#query(added)
    return () => {
      for (const id of userIds) {
        const count = (this.#watchers.get(id) ?? 1) - 1
        if (count <= 0) this.#watchers.delete(id)
        else this.#watchers.set(id, count)
      }
      this.#resubscribe()
    }
  }

  #resubscribe(): void {
    const ids = [...this.#watchers.keys()].sort()
    const key = ids.join('\u0000')
    if (key === this.#subscribed) return
    this.#subscribed = key
    // Renewed by the SDK on each reconnect; a refusal (not a friend or peer) leaves that user unknown.
    this.client.presence.subscribe(ids).catch(() => undefined)
  }

  #query(userIds: string[]): void {
    if (this.client.state !== 'connected') return
    this.client.presence.query(userIds).then((presence) => this.#put(presence), () => undefined)
  }

  #put(presence: Presence[]): void {
    if (presence.length === 0) return
    const next = { ...this.getSnapshot().presence }
    for (const entry of presence) next[entry.userId] = entry
    this.update({ presence: next })
  }
}
