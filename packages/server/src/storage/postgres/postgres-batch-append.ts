import { WarblerError } from '@warbler/protocol'
import type { AppendResult, NewEvent } from '../storage.js'
import { toJsonColumn } from '../sqlite/json-column.js'
import type { PgClient } from './postgres-driver.js'
import { toEvent, type EventRow } from '../rows/event-row.js'
import { searchTokensColumn } from './postgres-search-terms.js'

/**
 * Appends k plain messages to one conversation in one statement: `last_seq` moves by k, the k rows
 * go in with consecutive seqs in the order given, the senders' read positions and the search index
 * follow. The same effects as k single appends, in one round trip instead of k.
 */
const BATCH_SQL = `
  WITH next AS (
    UPDATE conversations SET last_seq = last_seq + $3, last_message_seq = last_seq + $3, last_activity_at = $4
    WHERE app_id = $1 AND id = $2 RETURNING last_seq
  ), batch AS (
    SELECT (SELECT last_seq FROM next) - $3 + u.position AS seq, u.*
    FROM unnest($5::bigint[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::bigint[], $13::text[])
      WITH ORDINALITY AS u(ts, sender_id, body, data, status, client_msg_id, ext, reply_to_seq, tokens, position)
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
  SELECT (SELECT count(*) FROM inserted) AS inserted, (SELECT last_seq FROM next) AS last_seq`

/** Whether the appends can go in as one batch: several plain messages, no clientMsgId twice. */
export function isBatchable(events: readonly NewEvent[]): boolean {
  if (events.length < 2) return false
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
 * conversation) inside the caller's transaction. Already stored clientMsgIds answer as duplicates
 * and take no seq. Returns undefined, with nothing written, when another node raced us to one of
 * the clientMsgIds: the caller then appends one by one.
 */
export async function appendMessageBatch(client: PgClient, events: readonly NewEvent[]): Promise<(AppendResult | { error: unknown })[] | undefined> {
  const { appId, conversationId } = events[0]!
  const withIds = events.filter((event) => event.clientMsgId !== undefined)
  const stored = new Map<string, EventRow>()
  if (withIds.length > 0) {
    const { rows } = await client.query<EventRow & { sender_id: string; client_msg_id: string }>(
      'SELECT * FROM events WHERE app_id = $1 AND client_msg_id = ANY($2::text[])',
      [appId, withIds.map((event) => event.clientMsgId)],
    )
    for (const row of rows) stored.set(`${row.sender_id}\u0000${row.client_msg_id}`, row)
  }
  const storedRow = (event: NewEvent) => (event.clientMsgId === undefined ? undefined : stored.get(`${event.senderId}\u0000${event.clientMsgId}`))
  const fresh = events.filter((event) => !storedRow(event))
  let lastSeq = 0
  let inserted = 0
  if (fresh.length > 0) {
    await client.query('SAVEPOINT batch')
    try {
      const column = <T>(pick: (event: NewEvent) => T) => fresh.map(pick)
      const { rows } = await client.query<{ inserted: number; last_seq: number | null }>(BATCH_SQL, [
        appId,
        conversationId,
        fresh.length,
        fresh[fresh.length - 1]!.ts,
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
      await client.query('RELEASE SAVEPOINT batch')
      inserted = rows[0]!.inserted
      lastSeq = rows[0]!.last_seq ?? 0
    } catch {
      // Most likely a clientMsgId stored by another node since the check: let the caller sort it out one by one.
      await client.query('ROLLBACK TO SAVEPOINT batch')
      return undefined
    }
  }
  let position = 0
  return events.map((event) => {
    const row = storedRow(event)
    if (row) return { event: toEvent(row), duplicate: true }
    if (inserted === 0) return { error: new WarblerError('conversation_not_found') }
    const seq = lastSeq - fresh.length + ++position
    const { appId: _appId, searchTokens: _tokens, ...rest } = event
    return { event: { ...rest, seq }, duplicate: false }
  })
}
