import type { WarblerClient } from '@warbler/sdk'
import { ConnectionStore } from './connection-store.js'
import { ConversationsStore } from './conversations-store.js'
import { DEFAULT_PAGE_SIZE, MessagesStore } from './messages-store.js'
import { PresenceStore } from './presence-store.js'
import { TypingStore } from './typing-store.js'

/**
 * The state `@warbler/react` keeps for one client, shared by every hook and component that uses
 * that client: one conversation list, one timeline per conversation (kept while the client
 * lives, so going back to a conversation shows it at once), typing and presence.
 */
export class ClientStores {
  readonly connection: ConnectionStore
  readonly conversations: ConversationsStore
  readonly typing: TypingStore
  readonly presence: PresenceStore
  readonly #messages = new Map<string, MessagesStore>()

  constructor(readonly client: WarblerClient) {
    this.connection = new ConnectionStore(client)
    this.conversations = new ConversationsStore(client)
    this.typing = new TypingStore(client)
    this.presence = new PresenceStore(client)
  }

  /** The timeline of a conversation (created on first use; `pageSize` applies then). */
  messages(conversationId: string, pageSize = DEFAULT_PAGE_SIZE): MessagesStore {
    let store = this.#messages.get(conversationId)
    if (!store) {
      store = new MessagesStore(this.client, conversationId, pageSize)
      this.#messages.set(conversationId, store)
    }
    return store
  }
}

const byClient = new WeakMap<WarblerClient, ClientStores>()

/**
 * The stores of a client (made on first use). Hooks call it through `WarblerProvider`; code
 * outside React (an app's own data layer) may use it to share the same state.
 */
export function storesOf(client: WarblerClient): ClientStores {
  let stores = byClient.get(client)
  if (!stores) {
    stores = new ClientStores(client)
    byClient.set(client, stores)
  }
  return stores
}
