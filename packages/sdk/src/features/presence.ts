import type { Device, Presence } from '@warbler/protocol'
import type { FeatureContext } from './feature-context.js'

/**
 * Presence of friends and conversation peers. `subscribe` is remembered and renewed on every
 * reconnect; changes arrive as `presence` events.
 *
 * @example
 * ```ts
 * client.on('presence', (p) => console.log(p.userId, p.online ? 'online' : 'offline'))
 * await client.presence.subscribe(['bob'])
 * ```
 */
export class PresenceFeature {
  #subscribed: string[] = []

  constructor(private readonly context: FeatureContext) {}

  /** Where these users stand now (`forbidden` for users who are neither friends nor peers). */
  async query(userIds: string[]): Promise<Presence[]> {
    return (await this.context.request('presence.query', { userIds })).presence
  }

  /** Follows these users (replaces the previous list; `[]` stops). Returns the ids the server accepted. */
  async subscribe(userIds: string[]): Promise<string[]> {
    this.#subscribed = [...userIds]
    return (await this.context.request('presence.subscribe', { userIds })).userIds
  }

  /** The ids given to the last `subscribe`. */
  get subscribed(): readonly string[] {
    return this.#subscribed
  }
}

/**
 * The user's connected devices.
 *
 * @example
 * ```ts
 * const others = (await client.devices.list()).filter((d) => !d.current)
 * for (const device of others) await client.devices.kick(device.sessionId)
 * ```
 */
export class Devices {
  constructor(private readonly context: FeatureContext) {}

  /** Every connected session of the user (`current` marks this one). */
  async list(): Promise<Device[]> {
    return (await this.context.request('device.list', {})).devices
  }

  /** Disconnects one session (it stops reconnecting: `session_kicked`). */
  async kick(sessionId: string): Promise<void> {
    await this.context.request('device.kick', { sessionId })
  }
}
