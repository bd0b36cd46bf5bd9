import { WarblerError } from '@warbler/protocol'
import type { AppendResult, EventRecord, EventStore, NewEvent } from '../storage.js'
import type { SqliteDatabase } from './sqlite-driver.js'
import { fromJsonColumn, toJsonColumn } from './json-column.js'
import type { WalSync } from './wal-sync.js'
import { toEvent, type EventRow } from '../rows/event-row.js'

interface PendingAppend {
  event: NewEvent
  resolve: (result: AppendResult) => void
  reject: (error: unknown) => void
}

/**
 * The event log in SQLite. Appends are group-committed: every append made in the same turn of the
 * event loop goes into one transaction (each in its own savepoint, so one failing append does not
 * undo the others), and each promise resolves only after that transaction has committed — and, with
 * a {@link WalSync}, after the WAL has been fsynced off the main thread (durable across power loss
 * without blocking the event loop on fsync).
 */
export class SqliteEventStore implements EventStore {
  private pending: PendingAppend[] = []
  private flushScheduled = false
  private readonly appendOne: (event: NewEvent) => AppendResult
  private readonly appendBatch: (batch: PendingAppend[]) => (AppendResult | { error: unknown })[]
  private readonly bySeq
  private readonly after
  private readonly before

  constructor(
    private readonly db: SqliteDatabase,
    private readonly walSync?: WalSync,
  ) {
    const byClientMsgId = db.prepare('SELECT * FROM events WHERE app_id = ? AND sender_id = ? AND client_msg_id = ?')
    const nextSeq = db.prepare('UPDATE conversations SET last_seq = last_seq + 1 WHERE app_id = ? AND id = ? RETURNING last_seq')
    const insert = db.prepare(
      `INSERT INTO events (app_id, conversation_id, seq, ts, sender_id, kind, body, data, target_seq, status, client_msg_id, ext, reply_to_seq)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    const touchMessage = db.prepare('UPDATE conversations SET last_message_seq = ?, last_activity_at = ? WHERE app_id = ? AND id = ?')
    const touch = db.prepare('UPDATE conversations SET last_activity_at = ? WHERE app_id = ? AND id = ?')
    const searchInsert = db.prepare('INSERT INTO message_search (tokens, app_id, conversation_id, seq, sender_id, ts) VALUES (?, ?, ?, ?, ?, ?)')
    const searchDelete = db.prepare('DELETE FROM message_search WHERE rowid = ?')
    const setSearchRow = db.prepare('UPDATE events SET search_rowid = ? WHERE app_id = ? AND conversation_id = ? AND seq = ?')
    const target = db.prepare('SELECT kind, sender_id, ts, search_rowid, reactions, recalled_at FROM events WHERE app_id = ? AND conversation_id = ? AND seq = ?')
    const applyEdit = db.prepare('UPDATE events SET body = ?, edited_at = ? WHERE app_id = ? AND conversation_id = ? AND seq = ?')
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
      applyToTarget(event)
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
        event.replyToSeq ?? null,
      )
      if (event.kind === 'message') {
        // A sender has read everything up to their own message.
        senderRead.run(seq, event.appId, event.conversationId, event.senderId)
        touchMessage.run(seq, event.ts, event.appId, event.conversationId)
        if (event.searchTokens) index(event, seq, event.searchTokens)
      } else {
        touch.run(event.ts, event.appId, event.conversationId)
      }
      const { appId: _appId, searchTokens: _tokens, ...stored } = event
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

  /** Commits every pending append in one transaction, then (with a WalSync) waits for the WAL fsync. */
  flush(): void {
    this.flushScheduled = false
    const batch = this.pending
    if (batch.length === 0) return
    this.pending = []
    let results: (AppendResult | { error: unknown })[]
    try {
      // The fsync is done off-thread by walSync; the commit itself must not fsync on the main thread.
      if (this.walSync) this.db.pragma('synchronous = NORMAL')
      try {
        results = this.appendBatch(batch)
      } finally {
        if (this.walSync) this.db.pragma('synchronous = FULL')
      }
    } catch (error) {
      for (const item of batch) item.reject(error)
      return
    }
    const settle = () =>
      results.forEach((result, index) => {
        const item = batch[index]!
        if ('error' in result) item.reject(result.error)
        else item.resolve(result)
      })
    if (!this.walSync) return settle()
    this.walSync.sync().then(settle, (error: unknown) => {
      for (const item of batch) item.reject(error)
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

  async hide(appId: string, userId: string, conversationId: string, seq: number): Promise<void> {
    this.db.prepare('INSERT INTO hidden_events (app_id, user_id, conversation_id, seq) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING').run(appId, userId, conversationId, seq)
  }

  async hiddenAmong(appId: string, userId: string, conversationId: string, seqs: readonly number[]): Promise<Set<number>> {
    if (seqs.length === 0) return new Set()
    const min = Math.min(...seqs)
    const max = Math.max(...seqs)
    const rows = this.db
      .prepare('SELECT seq FROM hidden_events WHERE app_id = ? AND user_id = ? AND conversation_id = ? AND seq BETWEEN ? AND ?')
      .pluck()
      .all(appId, userId, conversationId, min, max) as number[]
    const wanted = new Set(seqs)
    return new Set(rows.filter((seq) => wanted.has(seq)))
  }

  async search(
    appId: string,
    userId: string,
    options: { terms: readonly string[]; conversationId?: string; senderId?: string; fromTs?: number; toTs?: number; limit: number },
  ): Promise<EventRecord[]> {
    if (options.terms.length === 0) return []
    const match = options.terms.map((term) => `"${term.replaceAll('"', '""')}"`).join(' AND ')
    const filters: string[] = []
    const parameters: unknown[] = [userId, match, appId]
    if (options.conversationId !== undefined) {
      filters.push('AND s.conversation_id = ?')
      parameters.push(options.conversationId)
    }
    if (options.senderId !== undefined) {
      filters.push('AND s.sender_id = ?')
      parameters.push(options.senderId)
    }
    if (options.fromTs !== undefined) {
      filters.push('AND e.ts >= ?')
      parameters.push(options.fromTs)
    }
    if (options.toTs !== undefined) {
      filters.push('AND e.ts <= ?')
      parameters.push(options.toTs)
    }
    parameters.push(options.limit)
    const rows = this.db
      .prepare(
        `SELECT e.* FROM message_search s
         JOIN events e ON e.app_id = s.app_id AND e.conversation_id = s.conversation_id AND e.seq = s.seq
         JOIN members m ON m.app_id = e.app_id AND m.conversation_id = e.conversation_id AND m.user_id = ?
         WHERE message_search MATCH ? AND s.app_id = ? AND e.seq >= m.visible_from_seq AND e.recalled_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM hidden_events h WHERE h.app_id = e.app_id AND h.user_id = m.user_id AND h.conversation_id = e.conversation_id AND h.seq = e.seq)
           ${filters.join(' ')}
         ORDER BY e.ts DESC, e.seq DESC LIMIT ?`,
      )
      .all(...parameters) as EventRow[]
    return rows.map(toEvent)
  }
}
