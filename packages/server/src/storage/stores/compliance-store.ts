import { sql, type SqlBool } from 'kysely'
import type {
  AuditChainRecord,
  AuditPersonalRecord,
  ChainSealer,
  ComplianceStore,
  ErasureRecord,
  ExportJobRecord,
  LegalHoldRecord,
  RetentionPolicyRecord,
  SealedColumn,
  SealedColumnRow,
  SealedValueChange,
} from '../compliance-store.js'
import type { ComplianceTables } from '../kysely/tables/compliance-tables.js'
import type { StoreDatabase } from '../kysely/store-database.js'
import { fromJsonColumn, toJsonColumn } from '../sqlite/json-column.js'
import { replaceSealedValues, sealedColumnPage } from './sealed-column-pages.js'

type ChainRow = ComplianceTables['audit_chain']
type PersonalRow = ComplianceTables['audit_personal']
type ExportRow = ComplianceTables['export_jobs']

const toChain = (row: ChainRow): AuditChainRecord => ({
  seq: Number(row.seq),
  ts: Number(row.ts),
  actorType: row.actor_type,
  action: row.action,
  appId: row.app_id,
  status: row.status,
  personalMac: row.personal_mac,
  prevMac: row.prev_mac,
  mac: row.mac,
})

const toPersonal = (row: PersonalRow): AuditPersonalRecord => ({
  seq: Number(row.seq),
  appId: row.app_id,
  subjectUserId: row.subject_user_id,
  actorId: row.actor_id,
  target: row.target,
  ip: row.ip,
  userAgent: row.user_agent,
  details: fromJsonColumn<Record<string, unknown>>(row.details) ?? null,
})

const toExport = (row: ExportRow): ExportJobRecord => ({
  appId: row.app_id,
  id: row.id,
  userId: row.user_id,
  status: row.status,
  tokenHash: row.token_hash,
  path: row.path,
  error: row.error,
  createdAt: Number(row.created_at),
  updatedAt: Number(row.updated_at),
  expiresAt: row.expires_at === null ? null : Number(row.expires_at),
})

/** The `ext` of an erased event's tombstone. */
const ERASED_EXT = '{"erased":true}'
/** The `ext` of a tombstone left by retention. */
const PURGED_EXT = '{"purged":true}'

/** The `settings` key the chain head is mirrored under. */
const CHAIN_HEAD_KEY = 'audit.chain.head'

/** A chain append that lost the race for its seq this many times in a row gives up. */
const APPEND_ATTEMPTS = 20

/** Compliance tables (migration 009) on either engine. */
export class SqlComplianceStore implements ComplianceStore {
  constructor(private readonly store: StoreDatabase) {}

  async appendChained(seal: ChainSealer): Promise<AuditChainRecord> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.store.transaction(async (trx) => {
          const headRow = await trx.selectFrom('audit_chain').select(['seq', 'mac']).orderBy('seq', 'desc').limit(1).executeTakeFirst()
          const { entry, personal } = seal(headRow ? { seq: Number(headRow.seq), mac: headRow.mac } : undefined)
          await trx
            .insertInto('audit_chain')
            .values({
              seq: entry.seq,
              ts: entry.ts,
              actor_type: entry.actorType,
              action: entry.action,
              app_id: entry.appId,
              status: entry.status,
              personal_mac: entry.personalMac,
              prev_mac: entry.prevMac,
              mac: entry.mac,
            })
            .execute()
          if (personal) {
            await trx
              .insertInto('audit_personal')
              .values({
                seq: personal.seq,
                app_id: personal.appId,
                subject_user_id: personal.subjectUserId,
                actor_id: personal.actorId,
                target: personal.target,
                ip: personal.ip,
                user_agent: personal.userAgent,
                details: toJsonColumn(personal.details ?? undefined),
              })
              .execute()
          }
          // The head is also kept apart, so removing the newest rows shows as a chain shorter than its head.
          const head = JSON.stringify({ seq: entry.seq, mac: entry.mac })
          await trx.insertInto('settings').values({ key: CHAIN_HEAD_KEY, value: head }).onConflict((conflict) => conflict.column('key').doUpdateSet({ value: head })).execute()
          return entry
        })
      } catch (error) {
        // Another node appended the same seq first (PostgreSQL): read the new head and seal again.
        if (!this.store.isUniqueViolation(error) || attempt >= APPEND_ATTEMPTS) throw error
      }
    }
  }

  async chainHead(): Promise<AuditChainRecord | undefined> {
    const row = await this.store.db.selectFrom('audit_chain').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirst()
    return row ? toChain(row) : undefined
  }

  async chainHeadMark(): Promise<{ seq: number; mac: string } | undefined> {
    const row = await this.store.db.selectFrom('settings').select('value').where('key', '=', CHAIN_HEAD_KEY).executeTakeFirst()
    return row ? fromJsonColumn<{ seq: number; mac: string }>(row.value) : undefined
  }

  async chainPage(afterSeq: number, limit: number): Promise<AuditChainRecord[]> {
    const rows = await this.store.db.selectFrom('audit_chain').selectAll().where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute()
    return rows.map(toChain)
  }

  async personalOf(seqs: readonly number[]): Promise<Map<number, AuditPersonalRecord>> {
    if (seqs.length === 0) return new Map()
    const rows = await this.store.db.selectFrom('audit_personal').selectAll().where('seq', 'in', [...seqs]).execute()
    return new Map(rows.map((row) => [Number(row.seq), toPersonal(row)]))
  }

  async erasePersonal(appId: string, userId: string): Promise<number> {
    const result = await this.store.db.deleteFrom('audit_personal').where('app_id', '=', appId).where('subject_user_id', '=', userId).executeTakeFirst()
    return Number(result.numDeletedRows)
  }

  async tombstoneSentBy(appId: string, userId: string, pseudonym: string, now: number, limit: number): Promise<{ events: number; messages: number }> {
    return this.store.transaction(async (trx) => {
      const keys = await trx.selectFrom('events').select(['conversation_id', 'seq', 'kind']).where('app_id', '=', appId).where('sender_id', '=', userId).limit(limit).execute()
      if (keys.length === 0) return { events: 0, messages: 0 }
      const tuples = keys.map((key) => [key.conversation_id, key.seq] as const)
      await trx
        .updateTable('events')
        .set((eb) => ({ body: null, data: null, reactions: null, client_msg_id: null, ext: ERASED_EXT, sender_id: pseudonym, recalled_at: eb.fn.coalesce('recalled_at', eb.val(now)) }))
        .where('app_id', '=', appId)
        .where((eb) => eb(eb.refTuple('conversation_id', 'seq'), 'in', tuples.map(([conversationId, seq]) => eb.tuple(conversationId, seq))))
        .execute()
      return { events: keys.length, messages: keys.filter((key) => key.kind === 'message').length }
    })
  }

  async tombstoneForwardedFrom(appId: string, userId: string, now: number, limit: number): Promise<number> {
    const candidates = await this.store.db
      .selectFrom('events')
      .select(['conversation_id', 'seq', 'ext'])
      .where('app_id', '=', appId)
      .where('kind', '=', 'message')
      .where(containsText('ext', `"forwardedFrom"`))
      .where(containsText('ext', JSON.stringify(userId)))
      .limit(limit)
      .execute()
    const copies = candidates.filter((row) => fromJsonColumn<{ forwardedFrom?: { senderId?: unknown } }>(row.ext)?.forwardedFrom?.senderId === userId)
    if (copies.length === 0) return 0
    await this.store.db
      .updateTable('events')
      .set((eb) => ({ body: null, data: null, reactions: null, ext: ERASED_EXT, recalled_at: eb.fn.coalesce('recalled_at', eb.val(now)) }))
      .where('app_id', '=', appId)
      .where((eb) => eb(eb.refTuple('conversation_id', 'seq'), 'in', copies.map((row) => eb.tuple(row.conversation_id, row.seq))))
      .execute()
    await this.deleteSearchRows(appId, copies.map((row) => [row.conversation_id, row.seq]))
    return copies.length
  }

  /** Search rows of the given messages: SQLite's FTS5 table is reached by the rowid the event keeps. */
  private async deleteSearchRows(appId: string, keys: readonly (readonly [string, number])[]): Promise<void> {
    for (const [conversationId, seq] of keys) {
      if (this.store.engine === 'sqlite') {
        await sql`DELETE FROM message_search WHERE rowid = (SELECT search_rowid FROM events WHERE app_id = ${appId} AND conversation_id = ${conversationId} AND seq = ${seq})`.execute(this.store.db)
        await sql`UPDATE events SET search_rowid = NULL WHERE app_id = ${appId} AND conversation_id = ${conversationId} AND seq = ${seq}`.execute(this.store.db)
      } else {
        await sql`DELETE FROM message_search WHERE app_id = ${appId} AND conversation_id = ${conversationId} AND seq = ${seq}`.execute(this.store.db)
      }
    }
  }

  async deleteSearchRowsOf(appId: string, userId: string): Promise<number> {
    // message_search carries the sender on both engines (an UNINDEXED column of the FTS5 table on SQLite).
    const result = await sql`DELETE FROM message_search WHERE app_id = ${appId} AND sender_id = ${userId}`.execute(this.store.db)
    if (this.store.engine === 'sqlite') {
      await sql`UPDATE events SET search_rowid = NULL WHERE app_id = ${appId} AND search_rowid IS NOT NULL AND ext = ${ERASED_EXT}`.execute(this.store.db)
    }
    return Number(result.numAffectedRows ?? 0)
  }

  async scrubMentions(appId: string, userId: string, pseudonym: string): Promise<number> {
    const quoted = JSON.stringify(userId)
    const rows = await this.store.db
      .selectFrom('events')
      .select(['conversation_id', 'seq', 'reactions', 'data', 'kind'])
      .where('app_id', '=', appId)
      .where((eb) => eb.or([containsText('reactions', quoted), eb.and([eb('kind', 'in', ['member', 'system']), containsText('data', quoted)])]))
      .execute()
    let changed = 0
    for (const row of rows) {
      const reactions = fromJsonColumn<Record<string, string[]>>(row.reactions)
      const scrubbedReactions = reactions
        ? Object.fromEntries(Object.entries(reactions).flatMap(([emoji, users]) => {
            const left = users.filter((user) => user !== userId)
            return left.length > 0 ? [[emoji, left]] : []
          }))
        : undefined
      const data = row.kind === 'member' || row.kind === 'system' ? fromJsonColumn<unknown>(row.data) : undefined
      const values: { reactions?: string | null; data?: string | null } = {}
      if (reactions) values.reactions = Object.keys(scrubbedReactions!).length > 0 ? JSON.stringify(scrubbedReactions) : null
      if (data !== undefined && row.data?.includes(quoted)) values.data = JSON.stringify(replaceInJson(data, userId, pseudonym))
      if (Object.keys(values).length === 0) continue
      await this.store.db.updateTable('events').set(values).where('app_id', '=', appId).where('conversation_id', '=', row.conversation_id).where('seq', '=', row.seq).execute()
      changed++
    }
    return changed
  }

  async filesUploadedBy(appId: string, userId: string, limit: number): Promise<{ id: string; storageKey: string; thumbnailKey: string | null }[]> {
    const rows = await this.store.db.selectFrom('files').select(['id', 'storage_key', 'thumbnail_key']).where('app_id', '=', appId).where('uploader_id', '=', userId).limit(limit).execute()
    return rows.map((row) => ({ id: row.id, storageKey: row.storage_key, thumbnailKey: row.thumbnail_key }))
  }

  async usageOf(appId: string, userId: string): Promise<{ botId: string; day: string; inputTokens: number; outputTokens: number; handoffs: number }[]> {
    const rows = await this.store.db.selectFrom('bot_usage').selectAll().where('app_id', '=', appId).where('user_id', '=', userId).orderBy('day').orderBy('bot_id').execute()
    return rows.map((row) => ({ botId: row.bot_id, day: row.day, inputTokens: Number(row.input_tokens), outputTokens: Number(row.output_tokens), handoffs: Number(row.handoffs) }))
  }

  async pseudonymiseUsage(appId: string, userId: string, pseudonym: string): Promise<number> {
    const result = await this.store.db.updateTable('bot_usage').set({ user_id: pseudonym }).where('app_id', '=', appId).where('user_id', '=', userId).executeTakeFirst()
    return Number(result.numUpdatedRows)
  }

  async scrubSupportAndTools(appId: string, userId: string, pseudonym: string): Promise<{ toolCalls: number; supportRecords: number; notes: number }> {
    return this.store.transaction(async (trx) => {
      const states = await trx.selectFrom('support_states').select('conversation_id').where('app_id', '=', appId).where('customer_id', '=', userId).execute()
      const conversations = states.map((row) => row.conversation_id)
      const notes = conversations.length === 0 ? 0 : Number((await trx.deleteFrom('support_notes').where('app_id', '=', appId).where('conversation_id', 'in', conversations).executeTakeFirst()).numDeletedRows)
      const supportStates = await trx.updateTable('support_states').set({ customer_id: pseudonym, summary: null }).where('app_id', '=', appId).where('customer_id', '=', userId).executeTakeFirst()
      const csat = await trx.updateTable('support_csat').set({ user_id: pseudonym, comment: null }).where('app_id', '=', appId).where('user_id', '=', userId).executeTakeFirst()
      const toolCalls = await trx.updateTable('tool_calls').set({ user_id: pseudonym, arguments: '{}' }).where('app_id', '=', appId).where('user_id', '=', userId).executeTakeFirst()
      return { toolCalls: Number(toolCalls.numUpdatedRows), supportRecords: Number(supportStates.numUpdatedRows) + Number(csat.numUpdatedRows), notes }
    })
  }

  async supportAndToolsOf(appId: string, userId: string): Promise<{ toolCalls: unknown[]; supportStates: unknown[]; csat: unknown[] }> {
    const [toolCalls, supportStates, csat] = await Promise.all([
      this.store.db
        .selectFrom('tool_calls')
        .select(['id', 'tool_name', 'bot_id', 'conversation_id', 'risk', 'arguments', 'status', 'approval', 'decided_at', 'created_at'])
        .where('app_id', '=', appId)
        .where('user_id', '=', userId)
        .orderBy('created_at')
        .execute(),
      this.store.db
        .selectFrom('support_states')
        .select(['conversation_id', 'status', 'priority', 'reason', 'summary', 'queued_at', 'assigned_at', 'resolved_at', 'created_at'])
        .where('app_id', '=', appId)
        .where('customer_id', '=', userId)
        .orderBy('created_at')
        .execute(),
      this.store.db.selectFrom('support_csat').select(['conversation_id', 'rating', 'comment', 'resolved_at', 'created_at']).where('app_id', '=', appId).where('user_id', '=', userId).orderBy('created_at').execute(),
    ])
    return {
      toolCalls: toolCalls.map((row) => ({ id: row.id, tool: row.tool_name, botId: row.bot_id, conversationId: row.conversation_id, risk: row.risk, arguments: fromJsonColumn<unknown>(row.arguments) ?? {}, status: row.status, approval: row.approval, decidedAt: row.decided_at === null ? null : Number(row.decided_at), createdAt: Number(row.created_at) })),
      supportStates: supportStates.map((row) => ({ conversationId: row.conversation_id, status: row.status, priority: row.priority, reason: row.reason, summary: row.summary, queuedAt: row.queued_at === null ? null : Number(row.queued_at), assignedAt: row.assigned_at === null ? null : Number(row.assigned_at), resolvedAt: row.resolved_at === null ? null : Number(row.resolved_at), createdAt: Number(row.created_at) })),
      csat: csat.map((row) => ({ conversationId: row.conversation_id, rating: row.rating, comment: row.comment, resolvedAt: Number(row.resolved_at), createdAt: Number(row.created_at) })),
    }
  }

  async deleteRedactionStates(appId: string, conversationIds: readonly string[]): Promise<number> {
    if (conversationIds.length === 0) return 0
    const result = await this.store.db.deleteFrom('bot_redaction_state').where('app_id', '=', appId).where('conversation_id', 'in', [...conversationIds]).executeTakeFirst()
    return Number(result.numDeletedRows)
  }

  async deleteDeliveriesNaming(appId: string, userId: string, marks: readonly string[] = []): Promise<number> {
    const result = await this.store.db
      .deleteFrom('webhook_deliveries')
      .where('app_id', '=', appId)
      .where((eb) => eb.or([containsText('payload', JSON.stringify(userId)), ...marks.map((mark) => containsText('payload', mark))]))
      .executeTakeFirst()
    return Number(result.numDeletedRows)
  }

  sealedColumnPage(column: SealedColumn, after: readonly (string | number)[] | undefined, limit: number): Promise<SealedColumnRow[]> {
    return sealedColumnPage(this.store, column, after, limit)
  }

  replaceSealedValues(column: SealedColumn, changes: readonly SealedValueChange[]): Promise<number> {
    return replaceSealedValues(this.store, column, changes)
  }

  async deleteDeliveriesBefore(appId: string, cutoff: number): Promise<number> {
    const result = await this.store.db.deleteFrom('webhook_deliveries').where('app_id', '=', appId).where('status', '!=', 'pending').where('created_at', '<', cutoff).executeTakeFirst()
    return Number(result.numDeletedRows)
  }

  async deleteSocialOf(appId: string, userId: string): Promise<{ rows: number; others: string[] }> {
    return this.store.transaction(async (trx) => {
      const friends = await trx.selectFrom('friends').select('friend_id as other').where('app_id', '=', appId).where('user_id', '=', userId).execute()
      const blocks = await trx
        .selectFrom('blocks')
        .select(['user_id', 'blocked_id'])
        .where('app_id', '=', appId)
        .where((eb) => eb.or([eb('user_id', '=', userId), eb('blocked_id', '=', userId)]))
        .execute()
      const others = new Set([...friends.map((row) => row.other), ...blocks.map((row) => (row.user_id === userId ? row.blocked_id : row.user_id))])
      const counts = await Promise.all([
        trx.deleteFrom('friends').where('app_id', '=', appId).where((eb) => eb.or([eb('user_id', '=', userId), eb('friend_id', '=', userId)])).executeTakeFirst(),
        trx.deleteFrom('friend_requests').where('app_id', '=', appId).where((eb) => eb.or([eb('from_id', '=', userId), eb('to_id', '=', userId)])).executeTakeFirst(),
        trx.deleteFrom('blocks').where('app_id', '=', appId).where((eb) => eb.or([eb('user_id', '=', userId), eb('blocked_id', '=', userId)])).executeTakeFirst(),
        trx.deleteFrom('join_requests').where('app_id', '=', appId).where('user_id', '=', userId).executeTakeFirst(),
        trx.deleteFrom('hidden_events').where('app_id', '=', appId).where('user_id', '=', userId).executeTakeFirst(),
      ])
      return { rows: counts.reduce((sum, result) => sum + Number(result.numDeletedRows), 0), others: [...others] }
    })
  }

  async getErasure(appId: string, userId: string): Promise<ErasureRecord | undefined> {
    const row = await this.store.db.selectFrom('erasures').selectAll().where('app_id', '=', appId).where('user_id', '=', userId).executeTakeFirst()
    if (!row) return undefined
    return { appId: row.app_id, userId: row.user_id, pseudonym: row.pseudonym, receipt: fromJsonColumn<Record<string, unknown>>(row.receipt) ?? {}, erasedAt: Number(row.erased_at) }
  }

  async putErasure(record: ErasureRecord): Promise<void> {
    await this.store.db
      .insertInto('erasures')
      .values({ app_id: record.appId, user_id: record.userId, pseudonym: record.pseudonym, receipt: JSON.stringify(record.receipt), erased_at: record.erasedAt })
      .onConflict((conflict) => conflict.columns(['app_id', 'user_id']).doNothing())
      .execute()
  }

  async createExport(record: ExportJobRecord): Promise<void> {
    await this.store.db
      .insertInto('export_jobs')
      .values({
        app_id: record.appId,
        id: record.id,
        user_id: record.userId,
        status: record.status,
        token_hash: record.tokenHash,
        path: record.path,
        error: record.error,
        created_at: record.createdAt,
        updated_at: record.updatedAt,
        expires_at: record.expiresAt,
      })
      .execute()
  }

  async getExport(appId: string, id: string): Promise<ExportJobRecord | undefined> {
    const row = await this.store.db.selectFrom('export_jobs').selectAll().where('app_id', '=', appId).where('id', '=', id).executeTakeFirst()
    return row ? toExport(row) : undefined
  }

  async updateExport(appId: string, id: string, patch: Partial<Pick<ExportJobRecord, 'status' | 'tokenHash' | 'path' | 'error' | 'updatedAt' | 'expiresAt'>>): Promise<void> {
    const values: Partial<ExportRow> = {}
    if (patch.status !== undefined) values.status = patch.status
    if (patch.tokenHash !== undefined) values.token_hash = patch.tokenHash
    if (patch.path !== undefined) values.path = patch.path
    if (patch.error !== undefined) values.error = patch.error
    if (patch.updatedAt !== undefined) values.updated_at = patch.updatedAt
    if (patch.expiresAt !== undefined) values.expires_at = patch.expiresAt
    if (Object.keys(values).length === 0) return
    await this.store.db.updateTable('export_jobs').set(values).where('app_id', '=', appId).where('id', '=', id).execute()
  }

  async claimExport(appId: string, id: string, status: ExportJobRecord['status'], updatedAt: number, now: number): Promise<boolean> {
    const result = await this.store.db
      .updateTable('export_jobs')
      .set({ status: 'running', updated_at: now })
      .where('app_id', '=', appId)
      .where('id', '=', id)
      .where('status', '=', status)
      .where('updated_at', '=', updatedAt)
      .executeTakeFirst()
    return Number(result.numUpdatedRows) > 0
  }

  async pendingExports(limit: number): Promise<ExportJobRecord[]> {
    const rows = await this.store.db.selectFrom('export_jobs').selectAll().where('status', 'in', ['queued', 'running']).orderBy('created_at').limit(limit).execute()
    return rows.map(toExport)
  }

  async expiredExports(now: number, limit: number): Promise<ExportJobRecord[]> {
    const rows = await this.store.db.selectFrom('export_jobs').selectAll().where('status', '=', 'ready').where('expires_at', '<=', now).limit(limit).execute()
    return rows.map(toExport)
  }

  async putHold(record: LegalHoldRecord): Promise<void> {
    await this.store.db
      .insertInto('legal_holds')
      .values({ app_id: record.appId, kind: record.kind, target_id: record.targetId, reason: record.reason, created_at: record.createdAt })
      .onConflict((conflict) => conflict.columns(['app_id', 'kind', 'target_id']).doUpdateSet({ reason: record.reason }))
      .execute()
  }

  async deleteHold(appId: string, kind: LegalHoldRecord['kind'], targetId: string): Promise<boolean> {
    const result = await this.store.db.deleteFrom('legal_holds').where('app_id', '=', appId).where('kind', '=', kind).where('target_id', '=', targetId).executeTakeFirst()
    return Number(result.numDeletedRows) > 0
  }

  async listHolds(appId: string): Promise<LegalHoldRecord[]> {
    const rows = await this.store.db.selectFrom('legal_holds').selectAll().where('app_id', '=', appId).orderBy('created_at').execute()
    return rows.map((row) => ({ appId: row.app_id, kind: row.kind, targetId: row.target_id, reason: row.reason, createdAt: Number(row.created_at) }))
  }

  async putPolicy(record: RetentionPolicyRecord): Promise<void> {
    const values = { messages_days: record.messagesDays, files_days: record.filesDays, updated_at: record.updatedAt }
    await this.store.db
      .insertInto('retention_policies')
      .values({ app_id: record.appId, conversation_id: record.conversationId ?? '', ...values })
      .onConflict((conflict) => conflict.columns(['app_id', 'conversation_id']).doUpdateSet(values))
      .execute()
  }

  async listPolicies(): Promise<RetentionPolicyRecord[]> {
    const rows = await this.store.db.selectFrom('retention_policies').selectAll().orderBy('app_id').orderBy('conversation_id').execute()
    return rows.map(toPolicy)
  }

  async getPolicy(appId: string, conversationId: string | null): Promise<RetentionPolicyRecord | undefined> {
    const row = await this.store.db
      .selectFrom('retention_policies')
      .selectAll()
      .where('app_id', '=', appId)
      .where('conversation_id', '=', conversationId ?? '')
      .executeTakeFirst()
    return row ? toPolicy(row) : undefined
  }

  async conversationIds(appId: string, after: string, limit: number): Promise<string[]> {
    const rows = await this.store.db.selectFrom('conversations').select('id').where('app_id', '=', appId).where('id', '>', after).orderBy(this.store.byteOrder('id')).limit(limit).execute()
    return rows.map((row) => row.id)
  }

  async conversationsOfMembers(appId: string, userIds: readonly string[]): Promise<Set<string>> {
    if (userIds.length === 0) return new Set()
    const rows = await this.store.db.selectFrom('members').select('conversation_id').distinct().where('app_id', '=', appId).where('user_id', 'in', [...userIds]).execute()
    return new Set(rows.map((row) => row.conversation_id))
  }

  async retentionCursor(appId: string, conversationId: string): Promise<number> {
    const row = await this.store.db.selectFrom('retention_cursors').select('purged_through_seq').where('app_id', '=', appId).where('conversation_id', '=', conversationId).executeTakeFirst()
    return row ? Number(row.purged_through_seq) : 0
  }

  async purgeExpiredEvents(appId: string, conversationId: string, cutoff: number, now: number, limit: number): Promise<{ events: number; messages: number; done: boolean }> {
    return this.store.transaction(async (trx) => {
      const cursorRow = await trx.selectFrom('retention_cursors').select('purged_through_seq').where('app_id', '=', appId).where('conversation_id', '=', conversationId).executeTakeFirst()
      const cursor = cursorRow ? Number(cursorRow.purged_through_seq) : 0
      // One more than the batch: whether the event after it is expired too tells if the conversation is done.
      const page = await trx
        .selectFrom('events')
        .select(['seq', 'ts', 'kind', 'ext'])
        .where('app_id', '=', appId)
        .where('conversation_id', '=', conversationId)
        .where('seq', '>', cursor)
        .orderBy('seq')
        .limit(limit + 1)
        .execute()
      const expired: typeof page = []
      for (const row of page.slice(0, limit)) {
        if (Number(row.ts) >= cutoff) break
        expired.push(row)
      }
      const next = page[expired.length]
      const done = !next || Number(next.ts) >= cutoff
      if (expired.length === 0) return { events: 0, messages: 0, done }
      const fresh = expired.filter((row) => row.ext !== PURGED_EXT && row.ext !== ERASED_EXT)
      const first = Number(expired[0]!.seq)
      const last = Number(expired.at(-1)!.seq)
      if (fresh.length > 0) {
        // The expired events are one seq range, so the search rows go by range too.
        if (this.store.engine === 'sqlite') {
          await sql`DELETE FROM message_search WHERE rowid IN (SELECT search_rowid FROM events WHERE app_id = ${appId} AND conversation_id = ${conversationId} AND seq BETWEEN ${first} AND ${last} AND search_rowid IS NOT NULL)`.execute(trx)
          await sql`UPDATE events SET search_rowid = NULL WHERE app_id = ${appId} AND conversation_id = ${conversationId} AND seq BETWEEN ${first} AND ${last}`.execute(trx)
        } else {
          await sql`DELETE FROM message_search WHERE app_id = ${appId} AND conversation_id = ${conversationId} AND seq BETWEEN ${first} AND ${last}`.execute(trx)
        }
        await trx
          .updateTable('events')
          .set((eb) => ({ body: null, data: null, reactions: null, ext: PURGED_EXT, recalled_at: eb.fn.coalesce('recalled_at', eb.val(now)) }))
          .where('app_id', '=', appId)
          .where('conversation_id', '=', conversationId)
          .where('seq', '>=', first)
          .where('seq', '<=', last)
          .where((eb) => eb.or([eb('ext', 'is', null), eb('ext', 'not in', [PURGED_EXT, ERASED_EXT])]))
          .execute()
      }
      await trx
        .insertInto('retention_cursors')
        .values({ app_id: appId, conversation_id: conversationId, purged_through_seq: last, updated_at: now })
        .onConflict((conflict) => conflict.columns(['app_id', 'conversation_id']).doUpdateSet({ purged_through_seq: last, updated_at: now }))
        .execute()
      return { events: fresh.length, messages: fresh.filter((row) => row.kind === 'message').length, done }
    })
  }

  async expiredFiles(appId: string, cutoff: number, limit: number, scope: { conversationId?: string; excludeConversations?: readonly string[]; excludeUploaders?: readonly string[] } = {}): Promise<{ id: string; conversationId: string; uploaderId: string | null; storageKey: string; thumbnailKey: string | null }[]> {
    const rows = await this.store.db
      .selectFrom('files')
      .select(['id', 'conversation_id', 'uploader_id', 'storage_key', 'thumbnail_key'])
      .where('app_id', '=', appId)
      .where('created_at', '<', cutoff)
      .$if(scope.conversationId !== undefined, (query) => query.where('conversation_id', '=', scope.conversationId!))
      .$if((scope.excludeConversations?.length ?? 0) > 0, (query) => query.where('conversation_id', 'not in', [...scope.excludeConversations!]))
      .$if((scope.excludeUploaders?.length ?? 0) > 0, (query) => query.where((eb) => eb.or([eb('uploader_id', 'is', null), eb('uploader_id', 'not in', [...scope.excludeUploaders!])])))
      .orderBy('created_at')
      .limit(limit)
      .execute()
    return rows.map((row) => ({ id: row.id, conversationId: row.conversation_id, uploaderId: row.uploader_id, storageKey: row.storage_key, thumbnailKey: row.thumbnail_key }))
  }

  async acquireLease(name: string, holder: string, now: number, until: number): Promise<boolean> {
    // One statement on both engines: insert, or take over a lease that is ours or has run out.
    const result = await this.store.db
      .insertInto('compliance_leases')
      .values({ name, holder, expires_at: until })
      .onConflict((conflict) =>
        conflict
          .column('name')
          .doUpdateSet({ holder, expires_at: until })
          .where((eb) => eb.or([eb('compliance_leases.holder', '=', holder), eb('compliance_leases.expires_at', '<=', now)])),
      )
      .executeTakeFirst()
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    await this.store.db.deleteFrom('compliance_leases').where('name', '=', name).where('holder', '=', holder).execute()
  }
}

const toPolicy = (row: ComplianceTables['retention_policies']): RetentionPolicyRecord => ({
  appId: row.app_id,
  conversationId: row.conversation_id === '' ? null : row.conversation_id,
  messagesDays: row.messages_days,
  filesDays: row.files_days,
  updatedAt: Number(row.updated_at),
})

/** `column LIKE '%text%'` with `%`, `_` and `\` in `text` matched literally, on both engines. */
export function containsText(column: string, text: string) {
  const pattern = `%${text.replace(/[\\%_]/g, (match) => `\\${match}`)}%`
  return sql<SqlBool>`${sql.ref(column)} LIKE ${pattern} ESCAPE '\\'`
}

/** Replaces every string equal to `from` in a JSON value by `to`, keys included. */
export function replaceInJson(value: unknown, from: string, to: string): unknown {
  if (value === from) return to
  if (Array.isArray(value)) return value.map((item) => replaceInJson(item, from, to))
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key === from ? to : key, replaceInJson(item, from, to)]))
  }
  return value
}
