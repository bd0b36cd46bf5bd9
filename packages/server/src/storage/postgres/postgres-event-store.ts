import { WarblerError } from '@warbler/protocol'
import type { AppendResult, EventRecord, EventStore, NewEvent } from '../storage.js'
import { fromJsonColumn, toJsonColumn } from '../sqlite/json-column.js'
import { settleAppends, type AppendOutcome, type PendingAppend } from '../pending-append.js'
import { appendMessageBatch, clientMsgIdKey, isPlainMessage } from './postgres-batch-append.js'
import { newEventValues, toEvent, type EventRow } from '../rows/event-row.js'
import { searchTerms, searchTokensColumn } from './postgres-search-terms.js'
import { pgErrorCode, type PgClient, type PgPool, type PgQueryable } from './postgres-driver.js'
import type { PgAppendThread } from './pg-append-thread.js'
import { createThreadSealer, type SealingOrder } from '../thread-sealer.js'

/** Appends waiting for a lane's next batch, and the loop committing them while it runs. */
interface Lane {
  waiting: PendingAppend[]
  running?: Promise<void>
}

/** Batches committed side by side on one node (each is one statement for plain messages). */
export const APPEND_LANES = 4
const LANES = APPEND_LANES

/** The lane of a conversation: always the same one (FNV-1a of its key). */
function laneOf(event: NewEvent): number {
  let hash = 0x811c9dc5
  const key = conversationKey(event)
  for (let index = 0; index < key.length; index++) hash = Math.imul(hash ^ key.charCodeAt(index), 0x01000193)
  return (hash >>> 0) % LANES
}

/** Each data key as a 32-byte array of its own: a Buffer cut from Node's 8 KiB pool would clone the whole pool in every postMessage. */
const ownKeys = new WeakMap<Buffer, Uint8Array>()
function ownKey(key: Buffer): Uint8Array {
  if (key.byteOffset === 0 && key.buffer.byteLength === key.byteLength) return key
  let own = ownKeys.get(key)
  if (!own) ownKeys.set(key, (own = new Uint8Array(key)))
  return own
}

const conversationKey = (event: NewEvent) => `${event.appId}\u0000${event.conversationId}`

function groupByConversation(items: readonly PendingAppend[]): Map<string, PendingAppend[]> {
  const groups = new Map<string, PendingAppend[]>()
  for (const item of items) {
    const key = conversationKey(item.event)
    const group = groups.get(key)
    if (group) group.push(item)
    else groups.set(key, [item])
  }
  return groups
}

const UNIQUE_VIOLATION = '23505'

/**
 * Takes the next seq, moves the conversation's activity, inserts the event, marks the sender's own
 * message read and indexes it for search, in one statement. When the conversation does not exist in
 * the app, `next` is empty and nothing is written.
 */
const APPEND_SQL = `
  WITH next AS (
    UPDATE conversations SET last_seq = last_seq + 1, last_activity_at = $3,
      last_message_seq = CASE WHEN $5 = 'message' THEN last_seq + 1 ELSE last_message_seq END
    WHERE app_id = $1 AND id = $2 RETURNING last_seq
  ), inserted AS (
    INSERT INTO events (app_id, conversation_id, seq, ts, sender_id, kind, body, data, target_seq, status, client_msg_id, ext, reply_to_seq)
    SELECT $1, $2, last_seq, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12 FROM next
    RETURNING seq
  ), sender_read AS (
    UPDATE members SET read_seq = GREATEST(read_seq, (SELECT seq FROM inserted))
    WHERE $5 = 'message' AND app_id = $1 AND conversation_id = $2 AND user_id = $4 AND EXISTS (SELECT 1 FROM inserted)
  ), indexed AS (
    INSERT INTO message_search (app_id, conversation_id, seq, sender_id, ts, tokens)
    SELECT $1, $2, seq, $4, $3, $13::text FROM inserted WHERE $5 = 'message' AND $13::text IS NOT NULL
  )
  SELECT seq FROM inserted`

/**
 * The event log in PostgreSQL.
 *
 * Seqs: `UPDATE conversations SET last_seq = last_seq + 1 ... RETURNING` runs in the transaction
 * that inserts the event, so the row lock serialises every node writing to one conversation and a
 * rolled-back append gives its seq back: seqs stay gapless.
 *
 * Order: a conversation's appends always go through the same lane, which commits batch after
 * batch on this node; appends made while a batch commits go in the next one. So appends a
 * connection issues in order, without awaiting each other, get increasing seqs. The plain messages
 * of a batch, across conversations, go in as one statement without a transaction
 * (`postgres-batch-append.ts`); anything else, or a batch whose statement failed, goes append by
 * append in a transaction per conversation, each in its own savepoint so one failing append does
 * not undo the others.
 *
 * Append thread: with a {@link PgAppendThread} (the default from 2 CPUs), the batch statement runs on
 * that thread, which also seals the messages given with their app's data key
 * ({@link appendSealing}); the event loop only posts the batch. Whatever does not go in the batch
 * statement (edits, reactions, a failed statement) is sealed and appended here as without the thread.
 *
 * Idempotency: the unique index on (app_id, sender_id, client_msg_id) decides. When two nodes insert
 * the same clientMsgId at once, the loser's insert fails, its savepoint is rolled back (returning its
 * seq) and it answers with the winner's event and `duplicate: true`.
 */
export class PostgresEventStore implements EventStore {
  /**
   * Appends are spread over a few lanes by conversation; each lane commits one batch at a time, and
   * appends made meanwhile wait for its next batch. A conversation always uses the same lane, so its
   * appends keep their order; lanes run side by side on the pool.
   */
  private readonly lanes: Lane[] = Array.from({ length: LANES }, () => ({ waiting: [] }))

  /** Seals, on the event loop, what cannot go to the append thread (see {@link sealHere}). */
  private readonly sealer = createThreadSealer()

  constructor(
    private readonly pool: PgPool,
    private readonly thread?: PgAppendThread,
  ) {}

  /** True while the append thread runs: then {@link appendSealing} seals there (`sealing-append.ts`). */
  get sealsOffThread(): boolean {
    return this.thread?.usable === true
  }

  append(event: NewEvent): Promise<AppendResult> {
    return this.enqueue(event)
  }

  /**
   * Appends an event sealed with the app's data key: a plain message on the append thread, in its
   * batch; anything else sealed here first (edits and reactions are rare and go append by append).
   */
  appendSealing(event: NewEvent, dataKey: Buffer): Promise<AppendResult> {
    if (!isPlainMessage(event)) return this.enqueue(this.sealer.sealOne(event, dataKey))
    return this.enqueue(event, dataKey)
  }

  private enqueue(event: NewEvent, dataKey?: Buffer): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      const lane = this.lanes[laneOf(event)]!
      lane.waiting.push(dataKey ? { event, dataKey, resolve, reject } : { event, resolve, reject })
      // Starts at the end of this event-loop turn, so appends made in the same turn go together.
      lane.running ??= new Promise<void>((done) => setImmediate(done)).then(() => this.commitLane(lane))
    })
  }

  /** Seals, here on the event loop, the appends still carrying a data key (they did not go to the thread). */
  private sealHere(items: readonly PendingAppend[]): void {
    for (const item of items) {
      if (!item.dataKey) continue
      item.event = this.sealer.sealOne(item.event, item.dataKey)
      delete item.dataKey
    }
  }

  /** Settles every append started so far, then stops the append thread (the pool is the storage's). */
  async close(): Promise<void> {
    await this.flush()
    await this.thread?.close()
  }

  /** Commits a lane's waiting appends, batch after batch, until none wait. */
  private async commitLane(lane: Lane): Promise<void> {
    while (lane.waiting.length > 0) {
      const batch = lane.waiting
      lane.waiting = []
      await this.commitBatch(batch)
    }
    lane.running = undefined
  }

  /** Resolves once every append started so far has settled. */
  async flush(): Promise<void> {
    for (let lanes = this.busyLanes(); lanes.length > 0; lanes = this.busyLanes()) await Promise.all(lanes)
  }

  private busyLanes(): Promise<void>[] {
    return this.lanes.flatMap((lane) => (lane.running ? [lane.running] : []))
  }

  /**
   * Commits a batch of appends to any conversations. Plain messages of every conversation whose
   * appends are all plain messages go in as one statement; the other conversations (edits,
   * reactions, recalls…), and all of them if that statement fails, go conversation by conversation.
   * Never rejects.
   */
  private async commitBatch(batch: PendingAppend[]): Promise<void> {
    const byConversation = groupByConversation(batch)
    const together: PendingAppend[] = []
    const apart: PendingAppend[][] = []
    const clientMsgIds = new Set<string>()
    for (const group of byConversation.values()) {
      const events = group.map((item) => item.event)
      const keys = events.map(clientMsgIdKey).filter((key) => key !== undefined)
      // The unique index spans conversations: a clientMsgId used twice in one statement, within this
      // conversation or across them, would fail it.
      if (events.every(isPlainMessage) && new Set(keys).size === keys.length && !keys.some((key) => clientMsgIds.has(key))) {
        for (const key of keys) clientMsgIds.add(key)
        together.push(...group)
      } else apart.push(group)
    }
    if (together.length > 0) {
      const outcomes = this.thread?.usable ? await this.appendOnThread(together) : await this.appendHere(together)
      if (outcomes) settleAppends(together, outcomes)
      else apart.push(...groupByConversation(together).values())
    }
    for (const group of apart) this.sealHere(group)
    await Promise.all(apart.map((group) => this.commitGroup(group)))
  }

  /** The batch statement on the event loop: the outcomes, or undefined when it failed (nothing written). */
  private async appendHere(items: PendingAppend[]): Promise<AppendOutcome[] | undefined> {
    this.sealHere(items)
    return appendMessageBatch(this.pool, items.map((item) => item.event)).catch(() => undefined)
  }

  /**
   * The batch statement on the append thread, which seals what carries a data key. Undefined when
   * it failed: the items then hold their sealed events, for the caller to append one by one. When
   * the thread itself fails, the batch fails (it may have been written: not retried, as SQLite's
   * writer thread does) and the next batches run here.
   */
  private async appendOnThread(items: PendingAppend[]): Promise<AppendOutcome[] | undefined> {
    let sealing: SealingOrder | undefined
    items.forEach((item, index) => {
      if (!item.dataKey) return
      sealing ??= { indexes: [], keys: new Map() }
      sealing.indexes.push(index)
      if (!sealing.keys.has(item.event.appId)) sealing.keys.set(item.event.appId, ownKey(item.dataKey))
    })
    let result
    try {
      result = await this.thread!.append(
        items.map((item) => item.event),
        sealing,
      )
    } catch (error) {
      return items.map(() => ({ error }))
    }
    if ('outcomes' in result) return result.outcomes
    result.retry.forEach((sealed, index) => {
      items[index]!.event = sealed
      delete items[index]!.dataKey
    })
    return undefined
  }

  /**
   * Commits the appends of one conversation in one transaction, append by append, then settles
   * their promises. Never rejects.
   */
  private async commitGroup(group: PendingAppend[]): Promise<void> {
    const events = group.map((item) => item.event)
    let client: PgClient
    try {
      client = await this.pool.connect()
    } catch (error) {
      for (const item of group) item.reject(error)
      return
    }
    const outcomes: AppendOutcome[] = []
    let broken = false
    try {
      await client.query('BEGIN')
      for (const event of events) outcomes.push(await this.appendOne(client, event, group.length > 1))
      await client.query('COMMIT')
    } catch (error) {
      broken = true
      try {
        await client.query('ROLLBACK')
        broken = false
      } catch {
        // The connection is gone; the pool discards it below.
      }
      client.release(broken)
      // A lone append that lost a clientMsgId race to another node answers with the winner's event.
      const winner = group.length === 1 ? await this.raceWinner(events[0]!, error) : undefined
      if (winner) group[0]!.resolve({ event: winner, duplicate: true })
      else for (const item of group) item.reject(error)
      return
    }
    client.release()
    settleAppends(group, outcomes)
  }

  /** The event stored first under the same clientMsgId, when `error` is the unique violation of a lost race. */
  private async raceWinner(event: NewEvent, error: unknown): Promise<EventRecord | undefined> {
    if (pgErrorCode(error) !== UNIQUE_VIOLATION || event.clientMsgId === undefined) return undefined
    return this.byClientMsgId(this.pool, event).catch(() => undefined)
  }

  /**
   * Appends one event. With `savepoint`, a failure is contained (the others in the transaction go
   * on) and returned; without (a lone append), the failure aborts the transaction and is thrown.
   */
  private async appendOne(client: PgClient, event: NewEvent, savepoint: boolean): Promise<AppendResult | { error: unknown }> {
    if (event.clientMsgId !== undefined) {
      const first = await this.byClientMsgId(client, event)
      if (first) return { event: first, duplicate: true }
    }
    if (!savepoint) {
      const seq = await this.insertOne(client, event)
      const { appId: _appId, searchTokens: _tokens, ...stored } = event
      return { event: { ...stored, seq }, duplicate: false }
    }
    await client.query('SAVEPOINT append')
    try {
      const seq = await this.insertOne(client, event)
      await client.query('RELEASE SAVEPOINT append')
      const { appId: _appId, searchTokens: _tokens, ...stored } = event
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

  /** Takes the next seq, inserts the event and applies it to its target; returns the seq. */
  private async insertOne(client: PgClient, event: NewEvent): Promise<number> {
    const { rows } = await client.query<{ seq: number }>(APPEND_SQL, [
      ...newEventValues(event),
      event.kind === 'message' ? searchTokensColumn(event.searchTokens) : null,
    ])
    const seq = rows[0]?.seq
    if (seq === undefined) throw new WarblerError('conversation_not_found')
    await this.applyToTarget(client, event)
    return seq
  }

  /** Keeps the target message's current state in step with an edit, recall or reaction. */
  private async applyToTarget(client: PgClient, event: NewEvent): Promise<void> {
    if (event.targetSeq === undefined || !['edit', 'recall', 'reaction'].includes(event.kind)) return
    const key = [event.appId, event.conversationId, event.targetSeq]
    const { rows } = await client.query<{ kind: string; reactions: string | null; recalled_at: number | null }>(
      'SELECT kind, reactions, recalled_at FROM events WHERE app_id = $1 AND conversation_id = $2 AND seq = $3 FOR UPDATE',
      key,
    )
    const row = rows[0]
    if (!row || row.kind !== 'message') throw new WarblerError('not_found', `No message ${event.targetSeq} in this conversation.`)
    if (row.recalled_at !== null) throw new WarblerError('message_recalled')
    const unindex = 'DELETE FROM message_search WHERE app_id = $1 AND conversation_id = $2 AND seq = $3'
    if (event.kind === 'edit') {
      // An edit of a message still streaming is the bot's own text arriving (the edit that closes the
      // stream), not a person's edit: it leaves `edited_at` as it was.
      await client.query(
        "UPDATE events SET body = $4, edited_at = CASE WHEN status = 'streaming' THEN edited_at ELSE $5::bigint END WHERE app_id = $1 AND conversation_id = $2 AND seq = $3",
        [...key, toJsonColumn(event.body), event.ts],
      )
      // An edit with status `final` closes a bot's stream: the target becomes final and takes the edit's ext (citations...).
      if (event.status === 'final') {
        await client.query("UPDATE events SET status = 'final', ext = COALESCE($4, ext) WHERE app_id = $1 AND conversation_id = $2 AND seq = $3", [...key, toJsonColumn(event.ext)])
      }
      await client.query(unindex, key)
      const tokens = searchTokensColumn(event.searchTokens)
      if (tokens !== null) {
        await client.query(
          `INSERT INTO message_search (app_id, conversation_id, seq, sender_id, ts, tokens)
           SELECT app_id, conversation_id, seq, sender_id, ts, $4 FROM events WHERE app_id = $1 AND conversation_id = $2 AND seq = $3`,
          [...key, tokens],
        )
      }
    } else if (event.kind === 'recall') {
      await client.query(unindex, key)
      await client.query('UPDATE events SET body = NULL, reactions = NULL, recalled_at = $4 WHERE app_id = $1 AND conversation_id = $2 AND seq = $3', [...key, event.ts])
    } else {
      const { emoji, remove } = event.data as { emoji: string; remove?: boolean }
      const reactions = fromJsonColumn<Record<string, string[]>>(row.reactions) ?? {}
      const users = new Set(reactions[emoji] ?? [])
      if (remove) users.delete(event.senderId)
      else users.add(event.senderId)
      if (users.size > 0) reactions[emoji] = [...users]
      else delete reactions[emoji]
      await client.query('UPDATE events SET reactions = $4 WHERE app_id = $1 AND conversation_id = $2 AND seq = $3', [
        ...key,
        Object.keys(reactions).length > 0 ? JSON.stringify(reactions) : null,
      ])
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

  async hide(appId: string, userId: string, conversationId: string, seq: number): Promise<void> {
    await this.pool.query('INSERT INTO hidden_events (app_id, user_id, conversation_id, seq) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [
      appId,
      userId,
      conversationId,
      seq,
    ])
  }

  async hiddenAmong(appId: string, userId: string, conversationId: string, seqs: readonly number[]): Promise<Set<number>> {
    if (seqs.length === 0) return new Set()
    const { rows } = await this.pool.query<{ seq: number }>(
      'SELECT seq FROM hidden_events WHERE app_id = $1 AND user_id = $2 AND conversation_id = $3 AND seq = ANY($4::bigint[])',
      [appId, userId, conversationId, [...seqs]],
    )
    return new Set(rows.map((row) => row.seq))
  }

  async search(
    appId: string,
    userId: string,
    options: { terms: readonly string[]; conversationId?: string; senderId?: string; fromTs?: number; toTs?: number; limit: number },
  ): Promise<EventRecord[]> {
    const terms = [...new Set(options.terms.flatMap(searchTerms))]
    if (terms.length === 0) return []
    const params: unknown[] = [userId, terms, appId]
    const param = (value: unknown) => {
      params.push(value)
      return `$${params.length}`
    }
    const filters: string[] = []
    if (options.conversationId !== undefined) filters.push(`AND s.conversation_id = ${param(options.conversationId)}`)
    if (options.senderId !== undefined) filters.push(`AND s.sender_id = ${param(options.senderId)}`)
    if (options.fromTs !== undefined) filters.push(`AND e.ts >= ${param(options.fromTs)}`)
    if (options.toTs !== undefined) filters.push(`AND e.ts <= ${param(options.toTs)}`)
    const { rows } = await this.pool.query<EventRow>(
      `SELECT e.* FROM message_search s
       JOIN events e ON e.app_id = s.app_id AND e.conversation_id = s.conversation_id AND e.seq = s.seq
       JOIN members m ON m.app_id = e.app_id AND m.conversation_id = e.conversation_id AND m.user_id = $1
       WHERE s.terms @> $2::text[] AND s.app_id = $3 AND e.seq >= m.visible_from_seq AND e.recalled_at IS NULL
         AND NOT EXISTS (SELECT 1 FROM hidden_events h WHERE h.app_id = e.app_id AND h.user_id = m.user_id AND h.conversation_id = e.conversation_id AND h.seq = e.seq)
         ${filters.join(' ')}
       ORDER BY e.ts DESC, e.seq DESC LIMIT ${param(options.limit)}`,
      params,
    )
    return rows.map(toEvent)
  }
}
