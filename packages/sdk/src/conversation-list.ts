import type { Conversation, ConversationCursor, ConversationListItem } from '@warbler/protocol'
import type { ConversationSummary, Message } from './types.js'

/**
 * The user's conversations as the SDK knows them: last message, read position, unread count,
 * sorted by activity. Every method returns whether a row changed, so the client can tell the app.
 */
export class ConversationList {
  readonly #rows = new Map<string, ConversationSummary>()

  constructor(private userId: string | undefined = undefined) {}

  /** Sets whose list this is (own messages never count as unread). */
  setUser(userId: string): void {
    this.userId = userId
  }

  /** Loads stored rows. */
  load(rows: readonly ConversationSummary[]): void {
    for (const row of rows) this.#rows.set(row.id, { ...row, unreadSeqs: [...row.unreadSeqs] })
  }

  /** Every row: pinned first, then most recent activity first. */
  list(): ConversationSummary[] {
    return [...this.#rows.values()].sort(
      (a, b) => Number(b.pinned === true) - Number(a.pinned === true) || b.updatedAt - a.updatedAt || (a.id < b.id ? -1 : 1),
    )
  }

  /**
   * Applies a row of the server's conversation list: the server's unread count, preview, pin,
   * mute and role win (it knows messages the SDK never loaded).
   */
  applyListItem(item: ConversationListItem, lastMessage: Message | undefined): boolean {
    const { conversation } = item
    const row = this.#row(conversation.id, conversation.kind, item.lastActivityAt)
    row.conversation = conversation
    row.lastSeq = Math.max(row.lastSeq, conversation.lastSeq)
    this.#moveRead(row, item.readSeq)
    row.unreadSeqs = row.unreadSeqs.filter((seq) => seq > row.readSeq)
    // The server counted up to its lastSeq (recalled messages left out); what the SDK saw after
    // that is on top. Never fewer than the unread messages the SDK holds.
    const newer = row.unreadSeqs.filter((seq) => seq > conversation.lastSeq).length
    row.unreadCount = Math.max(item.unreadCount + newer, row.unreadSeqs.length)
    row.unreadCountedThroughSeq = conversation.lastSeq
    if (lastMessage && (!row.lastMessage || row.lastMessage.seq <= lastMessage.seq)) row.lastMessage = lastMessage
    row.updatedAt = Math.max(row.updatedAt, item.lastActivityAt)
    row.pinned = item.pinned
    row.muted = item.muted
    row.role = item.role
    return true
  }

  /** Applies pin/mute (from a settings answer or another device's notice). */
  applySettings(conversationId: string, settings: { pinned?: boolean; muted?: boolean }): boolean {
    const row = this.#rows.get(conversationId)
    if (!row) return false
    const before = `${row.pinned}/${row.muted}`
    if (settings.pinned !== undefined) row.pinned = settings.pinned
    if (settings.muted !== undefined) row.muted = settings.muted
    return before !== `${row.pinned}/${row.muted}`
  }

  /** One row. */
  get(conversationId: string): ConversationSummary | undefined {
    return this.#rows.get(conversationId)
  }

  /** Forgets everything. */
  clear(): void {
    this.#rows.clear()
  }

  /** Applies the full conversation (from `openDirect`, `conversation.get`). */
  applyConversation(conversation: Conversation): boolean {
    const row = this.#row(conversation.id, conversation.kind, conversation.createdAt)
    row.conversation = conversation
    row.kind = conversation.kind
    row.lastSeq = Math.max(row.lastSeq, conversation.lastSeq)
    return true
  }

  /** Applies a line of a sync answer. */
  applyCursor(cursor: ConversationCursor): boolean {
    const existed = this.#rows.has(cursor.conversationId)
    const row = this.#row(cursor.conversationId, cursor.kind, 0)
    const before = `${row.lastSeq}/${row.readSeq}`
    row.lastSeq = Math.max(row.lastSeq, cursor.lastSeq)
    this.#moveRead(row, cursor.readSeq)
    return !existed || before !== `${row.lastSeq}/${row.readSeq}`
  }

  /** Applies a new message or notice. */
  applyMessage(message: Message): boolean {
    const row = this.#row(message.conversationId, undefined, message.ts)
    row.lastSeq = Math.max(row.lastSeq, message.seq)
    if (!row.lastMessage || row.lastMessage.seq <= message.seq) row.lastMessage = message
    row.updatedAt = Math.max(row.updatedAt, message.ts)
    // A message recalled before the SDK saw it (a history page answers as it is now) is not unread.
    if (message.kind === 'message' && message.recalledAt === undefined && message.senderId !== this.userId && message.seq > row.readSeq) {
      if (!row.unreadSeqs.includes(message.seq)) {
        row.unreadSeqs.push(message.seq)
        row.unreadCount = row.unreadSeqs.length
      }
    }
    return true
  }

  /** Shows an older message as the row's preview when nothing newer is known (never counted unread). */
  applyPreview(message: Message): boolean {
    const row = this.#rows.get(message.conversationId)
    if (!row || (row.lastMessage && row.lastMessage.seq >= message.seq)) return false
    row.lastMessage = message
    row.updatedAt = Math.max(row.updatedAt, message.ts)
    return true
  }

  /** Applies a changed message (edit, recall, reaction); also notes a non-message event's seq. */
  applyUpdate(message: Message, eventSeq: number): boolean {
    const row = this.#rows.get(message.conversationId)
    if (!row) return false
    row.lastSeq = Math.max(row.lastSeq, eventSeq)
    if (row.lastMessage?.seq === message.seq) {
      row.lastMessage = message
      return true
    }
    return false
  }

  /**
   * A message was recalled (by anyone, live or seen through sync): it leaves the unread count, as
   * on the server. `recallSeq` is the seq of the recall event itself.
   */
  applyRecall(message: Message, recallSeq: number): boolean {
    const row = this.#rows.get(message.conversationId)
    if (!row || message.kind !== 'message') return false
    const index = row.unreadSeqs.indexOf(message.seq)
    if (index >= 0) {
      row.unreadSeqs.splice(index, 1)
      row.unreadCount = Math.max(row.unreadSeqs.length, row.unreadCount - 1)
      return true
    }
    // A message the SDK never saw but the server counted as unread, recalled after that count.
    // (The author of a message never seen is not known: own messages sit at or below the read
    // position, since sending moves it.)
    const countedThrough = row.unreadCountedThroughSeq
    const unseen = row.unreadCount - row.unreadSeqs.length
    if (countedThrough === undefined || unseen <= 0 || recallSeq <= countedThrough) return false
    if (message.seq <= row.readSeq || message.seq > countedThrough || message.senderId === this.userId) return false
    row.unreadCount -= 1
    return true
  }

  /** Moves the read position forward (never back). */
  markRead(conversationId: string, seq: number): boolean {
    const row = this.#rows.get(conversationId)
    if (!row || seq <= row.readSeq) return false
    this.#moveRead(row, seq)
    return true
  }

  #moveRead(row: ConversationSummary, readSeq: number): void {
    if (readSeq <= row.readSeq) return
    // Unread messages the server counted but the SDK never saw (older than its cursor) stay
    // counted until the read position reaches the end.
    const unseen = Math.max(0, row.unreadCount - row.unreadSeqs.length)
    row.readSeq = readSeq
    row.unreadSeqs = row.unreadSeqs.filter((seq) => seq > readSeq)
    row.unreadCount = readSeq >= row.lastSeq ? row.unreadSeqs.length : row.unreadSeqs.length + unseen
  }

  #row(id: string, kind: ConversationSummary['kind'] | undefined, updatedAt: number): ConversationSummary {
    let row = this.#rows.get(id)
    if (!row) {
      row = { id, kind: kind ?? 'group', lastSeq: 0, readSeq: 0, unreadCount: 0, unreadSeqs: [], updatedAt }
      this.#rows.set(id, row)
    } else if (kind) row.kind = kind
    return row
  }
}
