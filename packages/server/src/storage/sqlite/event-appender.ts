import { WarblerError } from '@warbler/protocol'
import type { AppendResult, NewEvent } from '../storage.js'
import { newEventValues, toEvent, type EventRow } from '../rows/event-row.js'
import { fromJsonColumn, toJsonColumn } from './json-column.js'
import type { AppendOutcome } from '../pending-append.js'
import type { SqliteDatabase } from './sqlite-driver.js'

/** Appends a batch of events in one transaction; one outcome per event, in order. */
export type EventAppender = (events: readonly NewEvent[]) => AppendOutcome[]

/**
 * The SQL of an event append, shared by the event store on the main thread and the writer thread
 * (`event-writer-worker.ts`): next seq, the event row, its search row, the target of an edit,
 * recall or reaction, and the sender's read position. A batch runs in one transaction; if an append
 * in it fails, the batch is redone with a savepoint per event so a failure undoes only its own.
 */
export function createEventAppender(db: SqliteDatabase): EventAppender {
  const byClientMsgId = db.prepare('SELECT * FROM events WHERE app_id = ? AND sender_id = ? AND client_msg_id = ?')
  // One statement takes the next seq and touches the conversation (SET expressions see the old row).
  const nextMessageSeq = db.prepare(
    'UPDATE conversations SET last_seq = last_seq + 1, last_message_seq = last_seq + 1, last_activity_at = ? WHERE app_id = ? AND id = ? RETURNING last_seq',
  )
  const nextSeq = db.prepare('UPDATE conversations SET last_seq = last_seq + 1, last_activity_at = ? WHERE app_id = ? AND id = ? RETURNING last_seq')
  const insert = db.prepare(
    `INSERT INTO events (app_id, conversation_id, ts, sender_id, kind, body, data, target_seq, status, client_msg_id, ext, reply_to_seq, seq, search_rowid)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  const searchInsert = db.prepare('INSERT INTO message_search (tokens, app_id, conversation_id, seq, sender_id, ts) VALUES (?, ?, ?, ?, ?, ?)')
  const searchDelete = db.prepare('DELETE FROM message_search WHERE rowid = ?')
  const setSearchRow = db.prepare('UPDATE events SET search_rowid = ? WHERE app_id = ? AND conversation_id = ? AND seq = ?')
  const target = db.prepare('SELECT kind, sender_id, ts, search_rowid, reactions, recalled_at FROM events WHERE app_id = ? AND conversation_id = ? AND seq = ?')
  // An edit of a message still streaming is the bot's own text arriving (the edit that closes the
  // stream), not a person's edit: it leaves `edited_at` as it was.
  const applyEdit = db.prepare("UPDATE events SET body = ?, edited_at = CASE WHEN status = 'streaming' THEN edited_at ELSE ? END WHERE app_id = ? AND conversation_id = ? AND seq = ?")
  // An edit with status `final` closes a bot's stream: the target becomes final and takes the edit's ext (citations...).
  const applyFinal = db.prepare("UPDATE events SET status = 'final', ext = COALESCE(?, ext) WHERE app_id = ? AND conversation_id = ? AND seq = ?")
  const applyRecall = db.prepare(
    'UPDATE events SET body = NULL, reactions = NULL, recalled_at = ?, search_rowid = NULL WHERE app_id = ? AND conversation_id = ? AND seq = ?',
  )
  const applyReactions = db.prepare('UPDATE events SET reactions = ? WHERE app_id = ? AND conversation_id = ? AND seq = ?')
  const index = (event: NewEvent, seq: number, tokens: string) => {
    const { lastInsertRowid } = searchInsert.run(tokens, event.appId, event.conversationId, seq, event.senderId, event.ts)
    setSearchRow.run(Number(lastInsertRowid), event.appId, event.conversationId, seq)
  }
  /** Keeps the target message's current state in step with an edit, recall or reaction. */
  const applyToTarget = (event: NewEvent) => {
    if (event.targetSeq === undefined || !['edit', 'recall', 'reaction'].includes(event.kind)) return
    const row = target.get(event.appId, event.conversationId, event.targetSeq) as
      | { kind: string; search_rowid: number | null; reactions: string | null; recalled_at: number | null }
      | undefined
    if (!row || row.kind !== 'message') throw new WarblerError('not_found', `No message ${event.targetSeq} in this conversation.`)
    if (row.recalled_at !== null) throw new WarblerError('message_recalled')
    if (event.kind === 'edit') {
      applyEdit.run(toJsonColumn(event.body), event.ts, event.appId, event.conversationId, event.targetSeq)
      if (event.status === 'final') applyFinal.run(toJsonColumn(event.ext), event.appId, event.conversationId, event.targetSeq)
      if (row.search_rowid !== null) searchDelete.run(row.search_rowid)
      if (event.searchTokens) index(event, event.targetSeq, event.searchTokens)
    } else if (event.kind === 'recall') {
      if (row.search_rowid !== null) searchDelete.run(row.search_rowid)
      applyRecall.run(event.ts, event.appId, event.conversationId, event.targetSeq)
    } else {
      const { emoji, remove } = event.data as { emoji: string; remove?: boolean }
      const reactions = (fromJsonColumn<Record<string, string[]>>(row.reactions) ?? {}) as Record<string, string[]>
      const users = new Set(reactions[emoji] ?? [])
      if (remove) users.delete(event.senderId)
      else users.add(event.senderId)
      if (users.size > 0) reactions[emoji] = [...users]
      else delete reactions[emoji]
      applyReactions.run(Object.keys(reactions).length > 0 ? JSON.stringify(reactions) : null, event.appId, event.conversationId, event.targetSeq)
    }
  }
  const senderRead = db.prepare('UPDATE members SET read_seq = MAX(read_seq, ?) WHERE app_id = ? AND conversation_id = ? AND user_id = ?')
  /** Writes the event row (and a message's search row) at `seq`, after applying it to its target. */
  const insertEvent = (event: NewEvent, seq: number): AppendResult => {
    applyToTarget(event)
    // A new message's search row is written first so the event row is inserted complete, not updated.
    const searchRowid =
      event.kind === 'message' && event.searchTokens
        ? Number(searchInsert.run(event.searchTokens, event.appId, event.conversationId, seq, event.senderId, event.ts).lastInsertRowid)
        : null
    insert.run(...newEventValues(event), seq, searchRowid)
    const { appId: _appId, searchTokens: _tokens, ...stored } = event
    return { event: { ...stored, seq }, duplicate: false }
  }

  /** One append, checked step by step: a repeated clientMsgId answers with the first event. */
  const appendRow = (event: NewEvent): AppendResult => {
    if (event.clientMsgId !== undefined) {
      const first = byClientMsgId.get(event.appId, event.senderId, event.clientMsgId) as EventRow | undefined
      if (first) return { event: toEvent(first), duplicate: true }
    }
    const isMessage = event.kind === 'message'
    const row = (isMessage ? nextMessageSeq : nextSeq).get(event.ts, event.appId, event.conversationId) as { last_seq: number } | undefined
    if (!row) throw new WarblerError('conversation_not_found')
    const result = insertEvent(event, row.last_seq)
    // A sender has read everything up to their own message.
    if (isMessage) senderRead.run(row.last_seq, event.appId, event.conversationId, event.senderId)
    return result
  }
  const appendOne = db.transaction(appendRow)

  // Fast path: the whole batch in one transaction, each conversation's seq read once and written
  // once, each sender's read position once, no savepoint and no clientMsgId lookup per event (the
  // unique index refuses a repeat). Anything unusual — a repeated clientMsgId, an unknown
  // conversation, an edit of a recalled message — throws, and the batch is redone event by event
  // with a savepoint each (appendRow), so a failure undoes only its own append.
  const lastSeqOf = db.prepare('SELECT last_seq FROM conversations WHERE app_id = ? AND id = ?').pluck()
  const advance = db.prepare(
    'UPDATE conversations SET last_seq = ?, last_message_seq = COALESCE(?, last_message_seq), last_activity_at = ? WHERE app_id = ? AND id = ?',
  )
  const wholeBatch = db.transaction((events: readonly NewEvent[]) => {
    const conversations = new Map<string, { appId: string; id: string; seq: number; lastMessageSeq: number | null; ts: number }>()
    const readers = new Map<string, { appId: string; conversationId: string; userId: string; seq: number }>()
    const outcomes = events.map((event) => {
      const key = `${event.appId}\u0000${event.conversationId}`
      let conversation = conversations.get(key)
      if (!conversation) {
        const lastSeq = lastSeqOf.get(event.appId, event.conversationId) as number | undefined
        if (lastSeq === undefined) throw new WarblerError('conversation_not_found')
        conversation = { appId: event.appId, id: event.conversationId, seq: lastSeq, lastMessageSeq: null, ts: event.ts }
        conversations.set(key, conversation)
      }
      const seq = ++conversation.seq
      conversation.ts = event.ts
      const result = insertEvent(event, seq)
      if (event.kind === 'message') {
        conversation.lastMessageSeq = seq
        readers.set(`${key}\u0000${event.senderId}`, { appId: event.appId, conversationId: event.conversationId, userId: event.senderId, seq })
      }
      return result
    })
    for (const c of conversations.values()) advance.run(c.seq, c.lastMessageSeq, c.ts, c.appId, c.id)
    for (const r of readers.values()) senderRead.run(r.seq, r.appId, r.conversationId, r.userId)
    return outcomes
  })
  const isolatedBatch = db.transaction((events: readonly NewEvent[]) =>
    events.map((event): AppendOutcome => {
      try {
        return appendOne(event)
      } catch (error) {
        return { error }
      }
    }),
  )
  return (events) => {
    try {
      // IMMEDIATE: the batch starts with reads, and must hold the write lock from the start.
      return wholeBatch.immediate(events)
    } catch {
      return isolatedBatch(events)
    }
  }
}
