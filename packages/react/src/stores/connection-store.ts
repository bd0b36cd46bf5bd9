import type { ConnectionStateChange, WarblerClient, WarblerError } from '@warbler/sdk'
import { ExternalStore } from './external-store.js'

/** The connection as a React app shows it: the last `connection-state-change`, the user, and a fatal error. */
export interface ConnectionSnapshot extends ConnectionStateChange {
  /** The signed-in user, once known. */
  userId: string | undefined
  /** The error that stopped the client for good (a bad or revoked token, a banned user), if any. */
  fatal: WarblerError | undefined
}

/** Follows a client's `connection-state-change`. */
export class ConnectionStore extends ExternalStore<ConnectionSnapshot> {
  constructor(client: WarblerClient) {
    super({ state: client.state, willReconnect: true, attempt: 0, userId: client.userId, fatal: undefined })
    client.on('connection-state-change', (change) => {
      const previous = this.getSnapshot()
      const stopped = change.state === 'disconnected' && !change.willReconnect ? change.error : undefined
      this.replace({ ...change, userId: client.userId ?? previous.userId, fatal: stopped ?? previous.fatal })
    })
  }
}
