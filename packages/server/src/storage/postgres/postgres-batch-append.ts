import { WarblerError } from '@warbler/protocol'
import type { AppendResult, NewEvent } from '../storage.js'
import { toJsonColumn } from '../sqlite/json-column.js'
import type { PgQueryable } from './postgres-driver.js'
import { toEvent, type EventRow } from '../rows/event-row.js'
import { searchTokensColumn } from './postgres-search-terms.js'

/**
 * Appends k plain messages to one conversation in one statement — atomic on its own, so it needs no
 * transaction around it: clientMsgIds already stored are left out, `last_seq` moves by the number
 * of new rows, they go in with consecutive seqs in the order given, and the senders' read positions
 * and the search index follow. The same effects as k single appends, in one round trip instead of
 * four to six per transaction (BEGIN, the duplicate check, savepoints, COMMIT), which on a busy
 * host cost more than the statement itself.
 */
const BATCH_SQL = `
  WITH given AS (
    SELECT u.*
    FROM unnest($4::bigint[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::bigint[], $12::text[])
      WITH ORDINALITY AS u(ts, sender_id, body, data, status, client_msg_id, ext, reply_to_seq, tokens, position)
  ), fresh AS (
    SELECT g.*, row_number() OVER (ORDER BY g.position) AS n
    FROM given g
    WHERE g.client_msg_id IS NULL
       OR NOT EXISTS (SELECT 1 FROM events e WHERE e.app_id = $1 AND e.sender_id = g.sender_id AND e.client_msg_id = g.client_msg_id)
  ), counted AS (
    SELECT count(*)::int AS k FROM fresh
  ), next AS (
    UPDATE conversations c
    SET last_seq = c.last_seq + counted.k, last_message_seq = c.last_seq + counted.k, last_activity_at = $3
    FROM counted
    WHERE c.app_id = $1 AND c.id = $2 AND counted.k > 0
    RETURNING c.last_seq
  ), batch AS (
    SELECT (SELECT last_seq FROM next) - (SELECT k FROM counted) + f.n AS seq, f.*
    FROM fresh f
    WHERE EXISTS (SELECT 1 FROM next)
  ), inserted AS (
    INSERT INTO events (app_id, conversation_id, seq, ts, sender_id, kind, body, data, target_seq, status, client_msg_id, ext, reply_to_seq)
    SELECT $1, $2, seq, ts, sender_id, 'message', body, data, NULL, status, client_msg_id, ext, reply_to_seq FROM batch
    RETURNING seq
  ), sender_read AS (
    UPDATE members m SET read_seq = GREATEST(m.read_seq, r.seq)
    FROM (SELECT sender_id, max(seq) AS seq FROM batch GROUP BY sender_id) r
    WHERE m.app_id = $1 AND m.conversation_id = $2 AND m.user_id = r.sender_id
  ), indexed AS (
    INSERT INTO message_search (app_id, conversation_id, seq, sender_id, ts, tokens)
    SELECT $1, $2, seq, sender_id, ts, tokens FROM batch WHERE tokens IS NOT NULL
  )
  SELECT (SELECT count(*) FROM inserted)::int AS inserted, (SELECT last_seq FROM next) AS last_seq,
    (SELECT k FROM counted) AS fresh, (SELECT coalesce(array_agg(position ORDER BY n), '{}') FROM fresh) AS positions,
    EXISTS (SELECT 1 FROM conversations WHERE app_id = $1 AND id = $2) AS found`

/** Whether the appends can go in as one batch: plain messages, no clientMsgId twice. */
export function isBatchable(events: readonly NewEvent[]): boolean {
  if (events.length === 0) return false
  const keys = new Set<string>()
  for (const event of events) {
    if (event.kind !== 'message' || event.targetSeq !== undefined) return false
    if (event.clientMsgId === undefined) continue
    const key = `${event.senderId}\u0000${event.clientMsgId}`
    if (keys.has(key)) return false
    keys.add(key)
  }
  return true
}

/**
 * Appends a batch of plain messages to one conversation (all of `events` share app and
 * conversation), as one statement outside any transaction. Already stored clientMsgIds answer as
 * duplicates and take no seq. Returns undefined, with nothing written, when the statement failed
 * (most likely another node stored one of the clientMsgIds since it looked): the caller then
 * appends one by one in a transaction.
 */
export async function appendMessageBatch(db: PgQueryable, events: readonly NewEvent[]): Promise<(AppendResult | { error: unknown })[] | undefined> {
  const { appId, conversationId } = events[0]!
  const column = <T>(pick: (event: NewEvent) => T) => events.map(pick)
  let result: { inserted: number; last_seq: string | number | null; fresh: number; positions: (string | number)[]; found: boolean }
  try {
    const { rows } = await db.query<typeof result>(BATCH_SQL, [
      appId,
      conversationId,
      events[events.length - 1]!.ts,
      column((event) => event.ts),
      column((event) => event.senderId),
      column((event) => toJsonColumn(event.body)),
      column((event) => toJsonColumn(event.data)),
      column((event) => event.status ?? null),
      column((event) => event.clientMsgId ?? null),
      column((event) => toJsonColumn(event.ext)),
      column((event) => event.replyToSeq ?? null),
      column((event) => searchTokensColumn(event.searchTokens)),
    ])
    result = rows[0]!
  } catch {
    return undefined
  }
  if (!result.found) return events.map(() => ({ error: new WarblerError('conversation_not_found') }))
  const freshPositions = new Set(result.positions.map(Number))
  const lastSeq = Number(result.last_seq ?? 0)
  // Positions are 1-based in the order given; the new rows took consecutive seqs ending at lastSeq.
  const seqOf = new Map<number, number>()
  ;[...freshPositions].sort((a, b) => a - b).forEach((position, index) => seqOf.set(position, lastSeq - freshPositions.size + index + 1))
  const repeated = events.filter((_, index) => !freshPositions.has(index + 1))
  const stored = new Map<string, EventRow>()
  if (repeated.length > 0) {
    const { rows } = await db.query<EventRow & { sender_id: string; client_msg_id: string }>(
      'SELECT * FROM events WHERE app_id = $1 AND client_msg_id = ANY($2::text[])',
      [appId, repeated.map((event) => event.clientMsgId)],
    )
    for (const row of rows) stored.set(`${row.sender_id}\u0000${row.client_msg_id}`, row)
  }
  return events.map((event, index) => {
    const seq = seqOf.get(index + 1)
    if (seq === undefined) {
      const row = stored.get(`${event.senderId}\u0000${event.clientMsgId}`)
      return row ? { event: toEvent(row), duplicate: true } : { error: new Error(`event ${event.clientMsgId} was neither stored nor found`) }
    }
    const { appId: _appId, searchTokens: _tokens, ...rest } = event
    return { event: { ...rest, seq }, duplicate: false }
  })
}
