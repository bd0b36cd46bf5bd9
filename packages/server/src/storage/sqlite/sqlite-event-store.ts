import { WarblerError } from '@warbler/protocol'
import type { AppendResult, EventRecord, EventStore, NewEvent } from '../storage.js'
import type { SqliteDatabase } from './sqlite-driver.js'
import { fromJsonColumn, toJsonColumn } from './json-column.js'

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

/**
 * The event log in SQLite. Appends are group-committed: every append made in the same turn of the
 * event loop goes into one transaction (each in its own savepoint, so one failing append does not
 * undo the others), and each promise resolves only after that transaction has committed.
 */
export class SqliteEventStore implements EventStore {
  private pending: PendingAppend[] = []
  private flushScheduled = false
  private readonly appendOne: (event: NewEvent) => AppendResult
  private readonly appendBatch: (batch: PendingAppend[]) => (AppendResult | { error: unknown })[]
  private readonly bySeq
  private readonly after
  private readonly before

  constructor(db: SqliteDatabase) {
    const byClientMsgId = db.prepare('SELECT * FROM events WHERE app_id = ? AND sender_id = ? AND client_msg_id = ?')
    const nextSeq = db.prepare('UPDATE conversations SET last_seq = last_seq + 1 WHERE app_id = ? AND id = ? RETURNING last_seq')
    const insert = db.prepare(
      `INSERT INTO events (app_id, conversation_id, seq, ts, sender_id, kind, body, data, target_seq, status, client_msg_id, ext)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    const senderRead = db.prepare('UPDATE members SET read_seq = MAX(read_seq, ?) WHERE app_id = ? AND conversation_id = ? AND user_id = ?')
    this.bySeq = db.prepare('SELECT * FROM events WHERE app_id = ? AND conversation_id = ? AND seq = ?')
    this.after = db.prepare('SELECT * FROM events WHERE app_id = ? AND conversation_id = ? AND seq > ? ORDER BY seq LIMIT ?')
    this.before = db.prepare('SELECT * FROM events WHERE app_id = ? AND conversation_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?')

    this.appendOne = db.transaction((event: NewEvent): AppendResult => {
      if (event.clientMsgId !== undefined) {
        const first = byClientMsgId.get(event.appId, event.senderId, event.clientMsgId) as EventRow | undefined
        if (first) return { event: toEvent(first), duplicate: true }
      }
      const row = nextSeq.get(event.appId, event.conversationId) as { last_seq: number } | undefined
      if (!row) throw new WarblerError('conversation_not_found')
      const seq = row.last_seq
      insert.run(
        event.appId,
        event.conversationId,
        seq,
        event.ts,
        event.senderId,
        event.kind,
        toJsonColumn(event.body),
        toJsonColumn(event.data),
        event.targetSeq ?? null,
        event.status ?? null,
        event.clientMsgId ?? null,
        toJsonColumn(event.ext),
      )
      // A sender has read everything up to their own message.
      if (event.kind === 'message') senderRead.run(seq, event.appId, event.conversationId, event.senderId)
      const { appId: _appId, ...stored } = event
      return { event: { ...stored, seq }, duplicate: false }
    })

    this.appendBatch = db.transaction((batch: PendingAppend[]) =>
      batch.map((item) => {
        try {
          return this.appendOne(item.event)
        } catch (error) {
          return { error }
        }
      }),
    )
  }

  append(event: NewEvent): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      this.pending.push({ event, resolve, reject })
      if (!this.flushScheduled) {
        this.flushScheduled = true
        setImmediate(() => this.flush())
      }
    })
  }

  /** Commits every pending append in one transaction. */
  flush(): void {
    this.flushScheduled = false
    const batch = this.pending
    if (batch.length === 0) return
    this.pending = []
    let results: (AppendResult | { error: unknown })[]
    try {
      results = this.appendBatch(batch)
    } catch (error) {
      for (const item of batch) item.reject(error)
      return
    }
    results.forEach((result, index) => {
      const item = batch[index]!
      if ('error' in result) item.reject(result.error)
      else item.resolve(result)
    })
  }

  async range(appId: string, conversationId: string, options: { afterSeq?: number; beforeSeq?: number; limit: number }) {
    const limit = options.limit
    if (options.beforeSeq !== undefined) {
      const rows = this.before.all(appId, conversationId, options.beforeSeq, limit + 1) as EventRow[]
      const hasMore = rows.length > limit
      const page = rows.slice(0, limit).reverse()
      const floor = options.afterSeq ?? 0
      return { events: page.filter((row) => row.seq > floor).map(toEvent), hasMore: hasMore && (page[0]?.seq ?? 0) > floor + 1 }
    }
    const rows = this.after.all(appId, conversationId, options.afterSeq ?? 0, limit + 1) as EventRow[]
    return { events: rows.slice(0, limit).map(toEvent), hasMore: rows.length > limit }
  }

  async get(appId: string, conversationId: string, seq: number): Promise<EventRecord | undefined> {
    const row = this.bySeq.get(appId, conversationId, seq) as EventRow | undefined
    return row && toEvent(row)
  }
}
