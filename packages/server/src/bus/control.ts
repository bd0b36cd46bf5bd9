import type { StorageChange } from '../read-cache/storage-changes.js'
import type { Bus } from './bus.js'

/** The channel for cluster-wide control messages. */
export const CONTROL_CHANNEL = 'warbler:control'

/** A control message every node acts on. */
export type ControlMessage =
  | { type: 'kick-user'; appId: string; userId: string; code: 'token_revoked' | 'user_banned' }
  | { type: 'kick-session'; appId: string; userId: string; sessionId: string }
  | { type: 'storage-changed'; change: StorageChange }
  /**
   * An app was deleted and its data key destroyed (crypto-shredding): every node drops its unwrapped
   * copy, the app's token signing key and settings, and closes the app's sessions.
   */
  | { type: 'app-key-shredded'; appId: string }

/**
 * Cluster-wide control: close a user's sessions (after a revoke or a ban), or one session (device
 * kick), on every node; forget cached reads a write has made stale, and data keys an app's deletion
 * destroyed.
 */
export class Control {
  private unsubscribe?: () => Promise<void>

  constructor(private readonly bus: Bus) {}

  async start(handle: (message: ControlMessage) => void): Promise<void> {
    this.unsubscribe = await this.bus.subscribe(CONTROL_CHANNEL, (payload) => {
      try {
        handle(JSON.parse(payload) as ControlMessage)
      } catch {
        // A malformed control message from another version is ignored.
      }
    })
  }

  async send(message: ControlMessage): Promise<void> {
    await this.bus.publish(CONTROL_CHANNEL, JSON.stringify(message))
  }

  async stop(): Promise<void> {
    await this.unsubscribe?.()
  }
}
