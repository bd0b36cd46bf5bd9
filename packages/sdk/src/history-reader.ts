import type { ConversationEvent, HistoryPage } from '@warbler/protocol'
import { foldEvents } from './message-reducer.js'
import type { LocalStore, StoreWrite } from './stores/local-store.js'
import type { Message } from './types.js'

/**
 * Which page of history to read. With neither cursor the page is the **newest** one.
 *
 * @example
 * ```ts
 * let page = await client.history(id, { limit: 50 })                            // newest 50 messages
 * page = await client.history(id, { beforeSeq: page.events[0]!.seq, limit: 50 })  // the 50 before them
 * page = await client.history(id, { afterSeq: 0, limit: 50 })                    // oldest first
 * page = await client.history(id, { afterSeq: page.events.at(-1)!.seq, limit: 50 }) // the next 50
 * ```
 */
export interface HistoryOptions {
  /** The page after this seq, ascending (`0` for the oldest page). */
  afterSeq?: number
  /** The page just before this seq, ascending. */
  beforeSeq?: number
  /**
   * Messages on the page (default 50, at most 200): messages and member/system notices count; the
   * edits, recalls and reactions that fold into them do not (they come along in `events`).
   */
  limit?: number
}

/** A page of history: messages (edits, recalls and reactions applied) and the raw events. */
export interface MessagePage {
  messages: Message[]
  /** The raw events of the page; use the first (last) seq as the cursor of the older (newer) page. */
  events: ConversationEvent[]
  /** More in the page's direction: older for `beforeSeq` and the newest page, newer for `afterSeq`. */
  hasMore: boolean
}

/** What {@link HistoryReader} needs from the client. */
export interface HistoryReaderOptions {
  request: (conversationId: string, options: HistoryOptions) => Promise<HistoryPage>
  store: () => LocalStore
  /** The ordering buffer's cursor of a conversation. */
  cursor: (conversationId: string) => number | undefined
  /** A background store write. */
  persist: (batch: StoreWrite) => void
}

/**
 * Reads history pages from the server and keeps the store in step: the server answers with
 * messages as they are now (edits, recalls, reactions, deletes-for-me applied), so a page replaces
 * stored copies, and new messages are stored only when the page joins the stored range.
 */
export class HistoryReader {
  constructor(private readonly options: HistoryReaderOptions) {}

  /** One page of a conversation's history. */
  async read(conversationId: string, range: HistoryOptions): Promise<MessagePage> {
    const page = await this.options.request(conversationId, range)
    const store = this.options.store()
    const messages = foldEvents(page.events)
    const fresh: Message[] = []
    const updated: Message[] = []
    for (const message of messages) {
      const stored = await store.message(conversationId, message.seq).catch(() => undefined)
      if (stored) updated.push(message)
      else fresh.push(message)
    }
    if (updated.length > 0) this.options.persist({ messages: updated })
    if (fresh.length > 0 && (await this.#joinsStoredRange(store, conversationId, page))) this.options.persist({ messages: fresh })
    return { messages, events: page.events, hasMore: page.hasMore }
  }

  /**
   * Whether a history page may go into the store: only when it joins what is stored (or, with
   * nothing stored, reaches the cursor), so stored messages never hide a hole and `localHistory`
   * stays a contiguous timeline.
   */
  async #joinsStoredRange(store: LocalStore, conversationId: string, page: HistoryPage): Promise<boolean> {
    const last = page.events.at(-1)?.seq
    if (last === undefined) return false
    const [oldest] = await store.messages(conversationId, { afterSeq: 0, limit: 1 }).catch(() => [])
    if (oldest) return last >= oldest.seq - 1
    return last >= (this.options.cursor(conversationId) ?? Number.POSITIVE_INFINITY)
  }
}
