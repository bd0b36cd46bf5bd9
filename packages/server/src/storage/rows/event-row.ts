import type { Selectable } from 'kysely'
import type { EventRecord, NewEvent } from '../storage.js'
import { fromJsonColumn, toJsonColumn } from '../sqlite/json-column.js'
import type { Database } from '../kysely/database.js'

/**
 * The values of a new `events` row that every SQL backend writes, in this column order:
 * app_id, conversation_id, ts, sender_id, kind, body, data, target_seq, status, client_msg_id, ext,
 * reply_to_seq (the seq and search columns are each backend's own).
 */
export function newEventValues(event: NewEvent): unknown[] {
  return [
    event.appId,
    event.conversationId,
    event.ts,
    event.senderId,
    event.kind,
    toJsonColumn(event.body),
    toJsonColumn(event.data),
    event.targetSeq ?? null,
    event.status ?? null,
    event.clientMsgId ?? null,
    toJsonColumn(event.ext),
    event.replyToSeq ?? null,
  ]
}

/** An `events` row, as every SQL backend returns it. */
export type EventRow = Omit<Selectable<Database['events']>, 'app_id'>

/** Turns an `events` row into the record the storage API returns. */
export function toEvent(row: EventRow): EventRecord {
  const event: EventRecord = { conversationId: row.conversation_id, seq: row.seq, ts: row.ts, senderId: row.sender_id, kind: row.kind }
  if (row.body !== null) event.body = fromJsonColumn(row.body)
  if (row.data !== null) event.data = fromJsonColumn(row.data)
  if (row.target_seq !== null) event.targetSeq = row.target_seq
  if (row.status !== null) event.status = row.status
  if (row.client_msg_id !== null) event.clientMsgId = row.client_msg_id
  if (row.ext !== null) event.ext = fromJsonColumn(row.ext)
  if (row.reply_to_seq !== null) event.replyToSeq = row.reply_to_seq
  if (row.edited_at !== null) event.editedAt = row.edited_at
  if (row.recalled_at !== null) event.recalledAt = row.recalled_at
  if (row.reactions !== null) event.reactions = fromJsonColumn(row.reactions)
  return event
}

