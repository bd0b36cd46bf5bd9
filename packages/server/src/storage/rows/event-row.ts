import type { EventRecord } from '../storage.js'
import { fromJsonColumn } from '../sqlite/json-column.js'

/** An `events` row, as every SQL backend returns it. */
export interface EventRow {
  conversation_id: string
  seq: number
  ts: number
  sender_id: string
  kind: EventRecord['kind']
  body: string | null
  data: string | null
  target_seq: number | null
  status: EventRecord['status'] | null
  client_msg_id: string | null
  ext: string | null
  reply_to_seq: number | null
  edited_at: number | null
  recalled_at: number | null
  reactions: string | null
}

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

