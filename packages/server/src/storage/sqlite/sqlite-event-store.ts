import type { Kysely } from 'kysely'
import type { AppendResult, EventRecord, EventStore, NewEvent } from '../storage.js'
import type { Database } from '../kysely/database.js'
import type { SqliteDatabase } from './sqlite-driver.js'
import type { EventCommitter, SealingOrder } from './event-committers.js'
import { settleAppends, type PendingAppend } from '../pending-append.js'
import { toEvent, type EventRow } from '../rows/event-row.js'

/**
 * The event log in SQLite. Appends are group-committed: every append made in the same turn of the
 * event loop, or while the previous batch was being committed, goes into one transaction (see
 * `event-appender.ts`: one failing append does not undo the others), and each promise resolves only
 * once that batch is durable. Where the commit runs is the {@link EventCommitter}'s business: on a
 * writer thread for file databases, inline otherwise. Reads use this (main-thread) connection.
 */
export class SqliteEventStore implements EventStore {
  private pending: PendingAppend[] = []
  private flushScheduled = false
  /** The commit of the previous batch (until it is durable). */
  private committing?: Promise<void>
  /** Set while commits are held back (see {@link pauseCommits}); settles when they may go on. */
  private paused?: Promise<void>
  private readonly bySeq
  private readonly after
  private readonly before

  constructor(
    private readonly db: SqliteDatabase,
    private readonly committer: EventCommitter,
    /** Kysely on the same connection (the stores' instance): its writes queue behind their transactions. */
    private readonly kysely: Kysely<Database>,
  ) {
    this.bySeq = db.prepare('SELECT * FROM events WHERE app_id = ? AND conversation_id = ? AND seq = ?')
    this.after = db.prepare('SELECT * FROM events WHERE app_id = ? AND conversation_id = ? AND seq > ? ORDER BY seq LIMIT ?')
    this.before = db.prepare('SELECT * FROM events WHERE app_id = ? AND conversation_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?')
  }

  append(event: NewEvent): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      this.pending.push({ event, resolve, reject })
      this.scheduleFlush()
    })
  }

  /** True while commits run on the writer thread: then {@link appendSealing} seals there (`sealing-append.ts`). */
  get sealsOffThread(): boolean {
    return this.committer.sealsOffThread
  }

  /** Appends an event that the writer thread seals with the app's data key before storing it. */
  appendSealing(event: NewEvent, dataKey: Buffer): Promise<AppendResult> {
    if (!this.committer.sealsOffThread) return Promise.reject(new Error('appendSealing needs the writer thread'))
    return new Promise((resolve, reject) => {
      this.pending.push({ event, dataKey, resolve, reject })
      this.scheduleFlush()
    })
  }

  /**
   * Flushes at the end of this event-loop turn — or, while the previous batch is being committed,
   * once it is durable: appends made meanwhile gather into one bigger commit instead of several
   * small ones (a commit costs mostly per page written, not per row).
   */
  private scheduleFlush(): void {
    if (this.flushScheduled || this.committing || this.paused) return
    this.flushScheduled = true
    setImmediate(() => this.flush())
  }

  /** Commits every pending append now (after the batch in flight, if any). */
  private flush(): void {
    this.flushScheduled = false
    if (this.committing || this.paused || this.pending.length === 0) return
    const batch = this.pending
    this.pending = []
    let sealing: SealingOrder | undefined
    batch.forEach((item, index) => {
      if (!item.dataKey) return
      sealing ??= { indexes: [], keys: new Map() }
      sealing.indexes.push(index)
      sealing.keys.set(item.event.appId, item.dataKey)
    })
    this.committing = this.committer
      .commit(
        batch.map((item) => item.event),
        sealing,
      )
      .then(
        (outcomes) => settleAppends(batch, outcomes),
        (error: unknown) => {
          for (const item of batch) item.reject(error)
        },
      )
      .finally(() => {
        this.committing = undefined
        if (this.pending.length > 0) this.scheduleFlush()
      })
  }

  /**
   * Holds new commits back until the returned function is called; resolves once the batch in flight
   * (if any) is durable. Appends keep gathering meanwhile and go in the next batch. The WAL
   * checkpointer uses the pause to finish a checkpoint that writes would otherwise always outrun.
   */
  async pauseCommits(): Promise<() => void> {
    while (this.paused) await this.paused
    let release!: () => void
    const paused = new Promise<void>((resolve) => (release = resolve))
    this.paused = paused
    await this.committing
    return () => {
      if (this.paused !== paused) return
      this.paused = undefined
      release()
      if (this.pending.length > 0) this.scheduleFlush()
    }
  }

  /** Commits everything appended so far and waits until it is durable (before closing). */
  async drain(): Promise<void> {
    for (let round = 0; round < 1000 && (this.committing || this.paused || this.pending.length > 0); round++) {
      this.flush()
      await (this.committing ?? this.paused)
    }
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

  /**
   * Through the stores' Kysely, not a raw statement: a store transaction on this connection stays
   * open across its own awaits, and a raw write made meanwhile would join it and vanish with its
   * rollback after resolving. Kysely's connection lock makes this write wait for the transaction's
   * end. (Event batches are kept out of store transactions by the committer, see event-committers.ts.)
   */
  async hide(appId: string, userId: string, conversationId: string, seq: number): Promise<void> {
    await this.kysely
      .insertInto('hidden_events')
      .values({ app_id: appId, user_id: userId, conversation_id: conversationId, seq })
      .onConflict((conflict) => conflict.doNothing())
      .execute()
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
