import { WarblerError } from '@warbler/protocol'
import type { AppendOutcome } from '../pending-append.js'
import type { NewEvent } from '../storage.js'
import { toJsonColumn } from '../sqlite/json-column.js'
import type { PgQueryable } from './postgres-driver.js'
import { toEvent, type EventRow } from '../rows/event-row.js'
import { searchTokensColumn } from './postgres-search-terms.js'

/**
 * Appends plain messages to any number of conversations in one statement — atomic on its own, so it
 * needs no transaction around it: clientMsgIds already stored are left out, each conversation's
 * `last_seq` moves by its number of new rows, which take consecutive seqs in the order given, and
 * the senders' read positions and the search index follow. The same effects as one append per
 * message, in one round trip and one commit instead of four to six round trips per transaction
 * (BEGIN, the duplicate check, savepoints, COMMIT) per conversation: on a busy host each commit
 * costs PostgreSQL more CPU than the rows do.
 */
const BATCH_SQL = `
  WITH given AS (
    SELECT u.*
    FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::bigint[], $11::text[])
      WITH ORDINALITY AS u(app_id, conversation_id, ts, sender_id, body, data, status, client_msg_id, ext, reply_to_seq, tokens, position)
  ), fresh AS (
    SELECT g.*, row_number() OVER (PARTITION BY g.app_id, g.conversation_id ORDER BY g.position) AS n
    FROM given g
    WHERE g.client_msg_id IS NULL
       OR NOT EXISTS (SELECT 1 FROM events e WHERE e.app_id = g.app_id AND e.sender_id = g.sender_id AND e.client_msg_id = g.client_msg_id)
  ), counted AS (
    SELECT app_id, conversation_id, count(*)::int AS k, max(ts) AS last_ts FROM fresh GROUP BY app_id, conversation_id
  ), next AS (
    UPDATE conversations c
    SET last_seq = c.last_seq + counted.k, last_message_seq = c.last_seq + counted.k, last_activity_at = counted.last_ts
    FROM counted
    WHERE c.app_id = counted.app_id AND c.id = counted.conversation_id
    RETURNING c.app_id, c.id, c.last_seq
  ), batch AS (
    SELECT nx.last_seq - ct.k + f.n AS seq, f.*
    FROM fresh f
    JOIN counted ct ON ct.app_id = f.app_id AND ct.conversation_id = f.conversation_id
    JOIN next nx ON nx.app_id = f.app_id AND nx.id = f.conversation_id
  ), inserted AS (
    INSERT INTO events (app_id, conversation_id, seq, ts, sender_id, kind, body, data, target_seq, status, client_msg_id, ext, reply_to_seq)
    SELECT app_id, conversation_id, seq, ts, sender_id, 'message', body, data, NULL, status, client_msg_id, ext, reply_to_seq FROM batch
  ), sender_read AS (
    UPDATE members m SET read_seq = GREATEST(m.read_seq, r.seq)
    FROM (SELECT app_id, conversation_id, sender_id, max(seq) AS seq FROM batch GROUP BY app_id, conversation_id, sender_id) r
    WHERE m.app_id = r.app_id AND m.conversation_id = r.conversation_id AND m.user_id = r.sender_id
  ), indexed AS (
    INSERT INTO message_search (app_id, conversation_id, seq, sender_id, ts, tokens)
    SELECT app_id, conversation_id, seq, sender_id, ts, tokens FROM batch WHERE tokens IS NOT NULL
  )
  SELECT f.position, b.seq FROM fresh f LEFT JOIN batch b ON b.position = f.position`

/** Whether an append can go in a batch statement: a plain message (no edit, reaction or recall). */
export function isPlainMessage(event: NewEvent): boolean {
  return event.kind === 'message' && event.targetSeq === undefined
}

/** The key the unique index on clientMsgId uses (app, sender, clientMsgId), or undefined without one. */
export function clientMsgIdKey(event: NewEvent): string | undefined {
  return event.clientMsgId === undefined ? undefined : `${event.appId}\u0000${event.senderId}\u0000${event.clientMsgId}`
}

/**
 * Appends plain messages (to one or several conversations, in the order given per conversation; no
 * clientMsgId twice) as one statement outside any transaction. Already stored clientMsgIds answer as
 * duplicates and take no seq. Returns undefined, with nothing written, when the statement failed
 * (most likely another node stored one of the clientMsgIds since it looked, or a deadlock with
 * another node's batch): the caller then appends one by one in transactions.
 */
export async function appendMessageBatch(db: PgQueryable, events: readonly NewEvent[]): Promise<AppendOutcome[] | undefined> {
  const column = <T>(pick: (event: NewEvent) => T) => events.map(pick)
  let rows: { position: string | number; seq: string | number | null }[]
  try {
    ;({ rows } = await db.query<{ position: string | number; seq: string | number | null }>(BATCH_SQL, [
      column((event) => event.appId),
      column((event) => event.conversationId),
      column((event) => event.ts),
      column((event) => event.senderId),
      column((event) => toJsonColumn(event.body)),
      column((event) => toJsonColumn(event.data)),
      column((event) => event.status ?? null),
      column((event) => event.clientMsgId ?? null),
      column((event) => toJsonColumn(event.ext)),
      column((event) => event.replyToSeq ?? null),
      column((event) => searchTokensColumn(event.searchTokens)),
    ]))
  } catch {
    return undefined
  }
  // Positions are 1-based in the order given. A fresh row without a seq: its conversation does not exist.
  const seqOf = new Map<number, number | null>(rows.map((row) => [Number(row.position), row.seq === null ? null : Number(row.seq)]))
  const repeated = events.filter((_, index) => !seqOf.has(index + 1))
  const stored = new Map<string, EventRow>()
  if (repeated.length > 0) {
    const { rows: found } = await db.query<EventRow & { app_id: string; sender_id: string; client_msg_id: string }>(
      'SELECT e.* FROM events e JOIN unnest($1::text[], $2::text[], $3::text[]) AS k(app_id, sender_id, client_msg_id) USING (app_id, sender_id, client_msg_id)',
      [repeated.map((event) => event.appId), repeated.map((event) => event.senderId), repeated.map((event) => event.clientMsgId)],
    )
    for (const row of found) stored.set(`${row.app_id}\u0000${row.sender_id}\u0000${row.client_msg_id}`, row)
  }
  return events.map((event, index) => {
    const seq = seqOf.get(index + 1)
    if (seq === null) return { error: new WarblerError('conversation_not_found') }
    if (seq === undefined) {
      const row = stored.get(clientMsgIdKey(event)!)
      return row ? { event: toEvent(row), duplicate: true } : { error: new Error(`event ${event.clientMsgId} was neither stored nor found`) }
    }
    const { appId: _appId, searchTokens: _tokens, ...rest } = event
    return { event: { ...rest, seq }, duplicate: false }
  })
}
