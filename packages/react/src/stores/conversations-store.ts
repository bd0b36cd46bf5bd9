import type { ConversationSummary, WarblerClient } from '@warbler/sdk'
import { ExternalStore } from './external-store.js'

/** The conversation list, most recent activity first (pinned rows first once the server list was read). */
export interface ConversationsSnapshot {
  conversations: ConversationSummary[]
}

/**
 * Follows a client's conversation list (`conversations-change`) and fetches the details (name,
 * members) of rows that have none yet, once each, so titles and peers can be shown.
 */
export class ConversationsStore extends ExternalStore<ConversationsSnapshot> {
  readonly #fetched = new Set<string>()

  constructor(private readonly client: WarblerClient) {
    super({ conversations: client.conversations() })
    client.on('conversations-change', ({ conversations }) => this.#show(conversations))
    // A list read from the store before connecting, or the catch-up's, may already be there.
    client.on('connection-state-change', ({ state }) => {
      if (state === 'connected') this.#show(client.conversations())
    })
  }

  #show(conversations: ConversationSummary[]): void {
    this.replace({ conversations })
    if (this.client.state === 'connected') for (const row of conversations) this.#fetchDetails(row)
  }

  #fetchDetails(row: ConversationSummary): void {
    if (row.conversation || this.#fetched.has(row.id)) return
    this.#fetched.add(row.id)
    // Tried again on a later change if it fails (a drop, a timeout).
    this.client.getConversation(row.id).catch(() => this.#fetched.delete(row.id))
  }
}
