import { WarblerError } from '@warbler/protocol'
import type { AppendResult, EventRecord, EventStore, NewEvent } from '../storage.js'
import { fromJsonColumn, toJsonColumn } from '../sqlite/json-column.js'
import { pgErrorCode, type PgClient, type PgPool, type PgQueryable } from './postgres-driver.js'

interface EventRow {
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
}

function toEvent(row: EventRow): EventRecord {
  const event: EventRecord = { conversationId: row.conversation_id, seq: row.seq, ts: row.ts, senderId: row.sender_id, kind: row.kind }
  if (row.body !== null) event.body = fromJsonColumn(row.body)
  if (row.data !== null) event.data = fromJsonColumn(row.data)
  if (row.target_seq !== null) event.targetSeq = row.target_seq
  if (row.status !== null) event.status = row.status
  if (row.client_msg_id !== null) event.clientMsgId = row.client_msg_id
  if (row.ext !== null) event.ext = fromJsonColumn(row.ext)
  return event
}

interface PendingAppend {
  event: NewEvent
  resolve: (result: AppendResult) => void
  reject: (error: unknown) => void
}

const UNIQUE_VIOLATION = '23505'

/**
 * Takes the next seq and inserts the event in one statement. When the conversation does not exist in
 * the app, `next` is empty and nothing is written. A sender has read everything up to their own message.
 */
const APPEND_SQL = `
  WITH next AS (
    UPDATE conversations SET last_seq = last_seq + 1 WHERE app_id = $1 AND id = $2 RETURNING last_seq
  ), inserted AS (
    INSERT INTO events (app_id, conversation_id, seq, ts, sender_id, kind, body, data, target_seq, status, client_msg_id, ext)
    SELECT $1, $2, last_seq, $3, $4, $5, $6, $7, $8, $9, $10, $11 FROM next
    RETURNING seq
  ), sender_read AS (
    UPDATE members SET read_seq = GREATEST(read_seq, (SELECT seq FROM inserted))
    WHERE $5 = 'message' AND app_id = $1 AND conversation_id = $2 AND user_id = $4 AND EXISTS (SELECT 1 FROM inserted)
  )
  SELECT seq FROM inserted`

/**
 * The event log in PostgreSQL.
 *
 * Seqs: `UPDATE conversations SET last_seq = last_seq + 1 ... RETURNING` runs in the transaction
 * that inserts the event, so the row lock serialises every node writing to one conversation and a
 * rolled-back append gives its seq back: seqs stay gapless.
 *
 * Order: appends made in the same turn of the event loop are group-committed, one transaction per
 * conversation (each append in its own savepoint, so one failing append does not undo the others),
 * and the transactions of one conversation run one after another on this node. So appends a
 * connection issues in order, without awaiting each other, get increasing seqs.
 *
 * Idempotency: the unique index on (app_id, sender_id, client_msg_id) decides. When two nodes insert
 * the same clientMsgId at once, the loser's insert fails, its savepoint is rolled back (returning its
 * seq) and it answers with the winner's event and `duplicate: true`.
 */
export class PostgresEventStore implements EventStore {
  private pending: PendingAppend[] = []
  private flushScheduled = false
  /** The last transaction queued per conversation on this node, so the next one starts after it. */
  private readonly tails = new Map<string, Promise<void>>()
  private readonly inFlight = new Set<Promise<void>>()

  constructor(private readonly pool: PgPool) {}

  append(event: NewEvent): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      this.pending.push({ event, resolve, reject })
      if (!this.flushScheduled) {
        this.flushScheduled = true
        setImmediate(() => this.flush())
      }
    })
  }

  /** Starts committing every pending append; resolves once all appends started so far have settled. */
  async flush(): Promise<void> {
    this.flushScheduled = false
    const batch = this.pending
    this.pending = []
    const groups = new Map<string, PendingAppend[]>()
    for (const item of batch) {
      const key = `${item.event.appId}\u0000${item.event.conversationId}`
      const group = groups.get(key)
      if (group) group.push(item)
      else groups.set(key, [item])
    }
    for (const [key, group] of groups) {
      const previous = this.tails.get(key) ?? Promise.resolve()
      const run = previous.then(() => this.commitGroup(group))
      this.tails.set(key, run)
      this.inFlight.add(run)
      void run.finally(() => {
        this.inFlight.delete(run)
        if (this.tails.get(key) === run) this.tails.delete(key)
      })
    }
    await Promise.all([...this.inFlight])
  }

  /** Commits the appends of one conversation in one transaction, then settles their promises. Never rejects. */
  private async commitGroup(group: PendingAppend[]): Promise<void> {
    let client: PgClient
    try {
      client = await this.pool.connect()
    } catch (error) {
      for (const item of group) item.reject(error)
      return
    }
    const outcomes: (AppendResult | { error: unknown })[] = []
    let broken = false
    try {
      await client.query('BEGIN')
      for (const item of group) outcomes.push(await this.appendOne(client, item.event))
      await client.query('COMMIT')
    } catch (error) {
      broken = true
      try {
        await client.query('ROLLBACK')
        broken = false
      } catch {
        // The connection is gone; the pool discards it below.
      }
      for (const item of group) item.reject(error)
      return
    } finally {
      client.release(broken)
    }
    outcomes.forEach((outcome, index) => {
      const item = group[index]!
      if ('error' in outcome) item.reject(outcome.error)
      else item.resolve(outcome)
    })
  }

  private async appendOne(client: PgClient, event: NewEvent): Promise<AppendResult | { error: unknown }> {
    if (event.clientMsgId !== undefined) {
      const first = await this.byClientMsgId(client, event)
      if (first) return { event: first, duplicate: true }
    }
    // A savepoint even for a lone append: a lost clientMsgId race must not abort the transaction.
    await client.query('SAVEPOINT append')
    try {
      const { rows } = await client.query<{ seq: number }>(APPEND_SQL, [
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
      ])
      await client.query('RELEASE SAVEPOINT append')
      const seq = rows[0]?.seq
      if (seq === undefined) return { error: new WarblerError('conversation_not_found') }
      const { appId: _appId, ...stored } = event
      return { event: { ...stored, seq }, duplicate: false }
    } catch (error) {
      await client.query('ROLLBACK TO SAVEPOINT append')
      if (pgErrorCode(error) === UNIQUE_VIOLATION && event.clientMsgId !== undefined) {
        // Another node committed the same clientMsgId first; its row is visible to this new statement.
        const first = await this.byClientMsgId(client, event)
        if (first) return { event: first, duplicate: true }
      }
      return { error }
    }
  }

  private async byClientMsgId(db: PgQueryable, event: NewEvent): Promise<EventRecord | undefined> {
    const { rows } = await db.query<EventRow>('SELECT * FROM events WHERE app_id = $1 AND sender_id = $2 AND client_msg_id = $3', [
      event.appId,
      event.senderId,
      event.clientMsgId,
    ])
    return rows[0] && toEvent(rows[0])
  }

  async range(appId: string, conversationId: string, options: { afterSeq?: number; beforeSeq?: number; limit: number }) {
    const limit = options.limit
    if (options.beforeSeq !== undefined) {
      const floor = options.afterSeq ?? 0
      const { rows } = await this.pool.query<EventRow>(
        'SELECT * FROM events WHERE app_id = $1 AND conversation_id = $2 AND seq < $3 ORDER BY seq DESC LIMIT $4',
        [appId, conversationId, options.beforeSeq, limit + 1],
      )
      const hasMore = rows.length > limit
      const page = rows.slice(0, limit).reverse()
      return { events: page.filter((row) => row.seq > floor).map(toEvent), hasMore: hasMore && (page[0]?.seq ?? 0) > floor + 1 }
    }
    const { rows } = await this.pool.query<EventRow>('SELECT * FROM events WHERE app_id = $1 AND conversation_id = $2 AND seq > $3 ORDER BY seq LIMIT $4', [
      appId,
      conversationId,
      options.afterSeq ?? 0,
      limit + 1,
    ])
    return { events: rows.slice(0, limit).map(toEvent), hasMore: rows.length > limit }
  }

  async get(appId: string, conversationId: string, seq: number): Promise<EventRecord | undefined> {
    const { rows } = await this.pool.query<EventRow>('SELECT * FROM events WHERE app_id = $1 AND conversation_id = $2 AND seq = $3', [appId, conversationId, seq])
    return rows[0] && toEvent(rows[0])
  }
}
