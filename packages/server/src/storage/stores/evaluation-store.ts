import { WarblerError } from '@warbler/protocol'
import type { Selectable } from 'kysely'
import type { EvaluationTables } from '../kysely/tables/evaluations-tables.js'
import type { StoreDatabase } from '../kysely/store-database.js'
import type {
  BotVariantsRecord, DeclineRecord, EvalItem, EvalResultRecord, EvalRunPatch, EvalRunRecord, EvalSetRecord, EvalSetVersionRecord, EvaluationStore, FeedbackRecord, VariantReplyRecord,
} from '../evaluation-store.js'

type Row<T extends keyof EvaluationTables> = Selectable<EvaluationTables[T]>

const toFeedback = (row: Row<'eval_feedback'>): FeedbackRecord => ({
  appId: row.app_id, id: row.id, conversationId: row.conversation_id, seq: Number(row.seq), userId: row.user_id,
  rating: row.rating as FeedbackRecord['rating'], reason: row.reason as FeedbackRecord['reason'], comment: row.comment,
  botId: row.bot_id, question: row.question, answer: row.answer, variantId: row.variant_id, createdAt: Number(row.created_at),
})

const toSet = (row: Row<'eval_sets'>): EvalSetRecord => ({
  appId: row.app_id, id: row.id, name: row.name, version: Number(row.version), createdAt: Number(row.created_at), updatedAt: Number(row.updated_at),
})

const toRun = (row: Row<'eval_runs'>): EvalRunRecord => ({
  appId: row.app_id, id: row.id, setId: row.set_id, setVersion: Number(row.set_version),
  candidates: JSON.parse(row.candidates) as EvalRunRecord['candidates'], judge: row.judge === null ? null : (JSON.parse(row.judge) as EvalRunRecord['judge']),
  status: row.status as EvalRunRecord['status'], total: Number(row.total), completed: Number(row.completed), error: row.error,
  cancelRequested: Boolean(row.cancel_requested), leaseOwner: row.lease_owner, heartbeatAt: row.heartbeat_at === null ? null : Number(row.heartbeat_at),
  createdAt: Number(row.created_at), updatedAt: Number(row.updated_at),
  startedAt: row.started_at === null ? null : Number(row.started_at), finishedAt: row.finished_at === null ? null : Number(row.finished_at),
})

const toResult = (row: Row<'eval_results'>): EvalResultRecord => ({
  appId: row.app_id, runId: row.run_id, candidateIndex: Number(row.candidate_index), itemIndex: Number(row.item_index), answer: row.answer,
  citedDocumentIds: JSON.parse(row.cited_document_ids) as string[], handoff: Boolean(row.handoff), latencyMs: Number(row.latency_ms),
  inputTokens: Number(row.input_tokens), outputTokens: Number(row.output_tokens), answerMatch: Boolean(row.answer_match),
  citationHit: row.citation_hit === null ? null : Boolean(row.citation_hit), judgeScore: row.judge_score === null ? null : Number(row.judge_score),
  error: row.error, createdAt: Number(row.created_at),
})

const toVariantReply = (row: Row<'eval_variant_replies'>): VariantReplyRecord => ({
  appId: row.app_id, conversationId: row.conversation_id, seq: Number(row.seq), botId: row.bot_id, variantId: row.variant_id, userId: row.user_id,
  handoff: Boolean(row.handoff), inputTokens: Number(row.input_tokens), outputTokens: Number(row.output_tokens), latencyMs: Number(row.latency_ms), createdAt: Number(row.created_at),
})

const RUN_COLUMNS = {
  status: 'status', completed: 'completed', error: 'error', cancelRequested: 'cancel_requested', leaseOwner: 'lease_owner',
  heartbeatAt: 'heartbeat_at', updatedAt: 'updated_at', startedAt: 'started_at', finishedAt: 'finished_at',
} as const

/** {@link EvaluationStore} written once over Kysely, for SQLite and PostgreSQL. */
export class SqlEvaluationStore implements EvaluationStore {
  constructor(private readonly store: StoreDatabase) {}

  async addFeedback(record: FeedbackRecord): Promise<void> {
    await this.store.db
      .insertInto('eval_feedback')
      .values({
        app_id: record.appId, id: record.id, conversation_id: record.conversationId, seq: record.seq, user_id: record.userId, rating: record.rating,
        reason: record.reason, comment: record.comment, bot_id: record.botId, question: record.question, answer: record.answer, variant_id: record.variantId, created_at: record.createdAt,
      })
      .execute()
  }

  async feedbackOf(appId: string, conversationId: string, seq: number): Promise<FeedbackRecord[]> {
    const rows = await this.store.db.selectFrom('eval_feedback').selectAll().where('app_id', '=', appId).where('conversation_id', '=', conversationId).where('seq', '=', seq)
      .orderBy('created_at').orderBy(this.store.byteOrder('id')).execute()
    return rows.map(toFeedback)
  }

  async currentFeedbackOf(appId: string, conversationId: string, userId: string, page: { afterSeq?: number; limit: number }): Promise<FeedbackRecord[]> {
    const mine = this.store.db.selectFrom('eval_feedback').where('app_id', '=', appId).where('conversation_id', '=', conversationId).where('user_id', '=', userId)
    // The page's messages first, then every rating of those messages: the newest of each is the current one.
    const seqs = (await mine.select('seq').distinct().where('seq', '>', page.afterSeq ?? 0).orderBy('seq').limit(page.limit).execute()).map((row) => Number(row.seq))
    if (seqs.length === 0) return []
    const rows = await mine.selectAll().where('seq', 'in', seqs).orderBy('seq').orderBy('created_at', 'desc').orderBy(this.store.byteOrder('id'), 'desc').execute()
    const current = new Map<number, FeedbackRecord>()
    for (const row of rows) if (!current.has(Number(row.seq))) current.set(Number(row.seq), toFeedback(row))
    return [...current.values()]
  }

  async listFeedback(appId: string, filter: { rating?: 'up' | 'down'; since?: number; botId?: string; conversationId?: string; limit?: number } = {}): Promise<FeedbackRecord[]> {
    let query = this.store.db.selectFrom('eval_feedback').selectAll().where('app_id', '=', appId)
    if (filter.rating) query = query.where('rating', '=', filter.rating)
    if (filter.since !== undefined) query = query.where('created_at', '>=', filter.since)
    if (filter.botId) query = query.where('bot_id', '=', filter.botId)
    if (filter.conversationId) query = query.where('conversation_id', '=', filter.conversationId)
    const rows = await query.orderBy('created_at', 'desc').orderBy(this.store.byteOrder('id'), 'desc').limit(filter.limit ?? 1000).execute()
    return rows.map(toFeedback)
  }

  async createSet(set: EvalSetRecord, items: EvalItem[], origin: string): Promise<void> {
    try {
      await this.store.transaction(async (trx) => {
        await trx.insertInto('eval_sets').values({ app_id: set.appId, id: set.id, name: set.name, version: set.version, created_at: set.createdAt, updated_at: set.updatedAt }).execute()
        await trx.insertInto('eval_set_versions').values({ app_id: set.appId, set_id: set.id, version: set.version, items: JSON.stringify(items), origin, created_at: set.createdAt }).execute()
      })
    } catch (error) {
      if (this.store.isUniqueViolation(error)) throw new WarblerError('already_exists', `An eval set ${set.id} exists already.`)
      throw error
    }
  }

  async addSetVersion(appId: string, setId: string, items: EvalItem[], origin: string, now: number): Promise<EvalSetRecord | undefined> {
    return this.store.transaction(async (trx) => {
      const row = await trx.selectFrom('eval_sets').selectAll().where('app_id', '=', appId).where('id', '=', setId).executeTakeFirst()
      if (!row) return undefined
      const version = Number(row.version) + 1
      await trx.insertInto('eval_set_versions').values({ app_id: appId, set_id: setId, version, items: JSON.stringify(items), origin, created_at: now }).execute()
      await trx.updateTable('eval_sets').set({ version, updated_at: now }).where('app_id', '=', appId).where('id', '=', setId).execute()
      return { ...toSet(row), version, updatedAt: now }
    })
  }

  async getSet(appId: string, setId: string): Promise<EvalSetRecord | undefined> {
    const row = await this.store.db.selectFrom('eval_sets').selectAll().where('app_id', '=', appId).where('id', '=', setId).executeTakeFirst()
    return row && toSet(row)
  }

  async getSetVersion(appId: string, setId: string, version: number): Promise<EvalSetVersionRecord | undefined> {
    const row = await this.store.db.selectFrom('eval_set_versions').selectAll().where('app_id', '=', appId).where('set_id', '=', setId).where('version', '=', version).executeTakeFirst()
    return row && { appId: row.app_id, setId: row.set_id, version: Number(row.version), items: JSON.parse(row.items) as EvalItem[], origin: row.origin, createdAt: Number(row.created_at) }
  }

  async listSets(appId: string): Promise<EvalSetRecord[]> {
    const rows = await this.store.db.selectFrom('eval_sets').selectAll().where('app_id', '=', appId).orderBy('created_at', 'desc').orderBy(this.store.byteOrder('id'), 'desc').execute()
    return rows.map(toSet)
  }

  async createRun(run: EvalRunRecord): Promise<void> {
    await this.store.db
      .insertInto('eval_runs')
      .values({
        app_id: run.appId, id: run.id, set_id: run.setId, set_version: run.setVersion, candidates: JSON.stringify(run.candidates), judge: run.judge === null ? null : JSON.stringify(run.judge),
        status: run.status, total: run.total, completed: run.completed, error: run.error, cancel_requested: run.cancelRequested, lease_owner: run.leaseOwner, heartbeat_at: run.heartbeatAt,
        created_at: run.createdAt, updated_at: run.updatedAt, started_at: run.startedAt, finished_at: run.finishedAt,
      })
      .execute()
  }

  async getRun(appId: string, runId: string): Promise<EvalRunRecord | undefined> {
    const row = await this.store.db.selectFrom('eval_runs').selectAll().where('app_id', '=', appId).where('id', '=', runId).executeTakeFirst()
    return row && toRun(row)
  }

  async listRuns(appId: string, filter: { setId?: string; limit?: number } = {}): Promise<EvalRunRecord[]> {
    let query = this.store.db.selectFrom('eval_runs').selectAll().where('app_id', '=', appId)
    if (filter.setId) query = query.where('set_id', '=', filter.setId)
    const rows = await query.orderBy('created_at', 'desc').orderBy(this.store.byteOrder('id'), 'desc').limit(filter.limit ?? 100).execute()
    return rows.map(toRun)
  }

  async activeRunCount(appId: string): Promise<number> {
    const row = await this.store.db.selectFrom('eval_runs').select((eb) => eb.fn.countAll<number>().as('count')).where('app_id', '=', appId).where('status', 'in', ['queued', 'running']).executeTakeFirst()
    return Number(row?.count ?? 0)
  }

  async updateRun(appId: string, runId: string, patch: EvalRunPatch): Promise<EvalRunRecord | undefined> {
    const set: Record<string, unknown> = {}
    for (const [key, column] of Object.entries(RUN_COLUMNS)) {
      const value = patch[key as keyof EvalRunPatch]
      if (value !== undefined) set[column] = value
    }
    if (Object.keys(set).length > 0) await this.store.db.updateTable('eval_runs').set(set).where('app_id', '=', appId).where('id', '=', runId).execute()
    return this.getRun(appId, runId)
  }

  async claimRun(owner: string, now: number, staleBefore: number): Promise<EvalRunRecord | undefined> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const row = await this.store.db
        .selectFrom('eval_runs')
        .selectAll()
        .where((eb) => eb.or([eb('status', '=', 'queued'), eb.and([eb('status', '=', 'running'), eb('heartbeat_at', '<', staleBefore)])]))
        .orderBy('created_at')
        .limit(1)
        .executeTakeFirst()
      if (!row) return undefined
      // Claimed only if nobody claimed it since it was read: the status and heartbeat are still what was seen.
      let update = this.store.db
        .updateTable('eval_runs')
        .set({ status: 'running', lease_owner: owner, heartbeat_at: now, updated_at: now, started_at: row.started_at ?? now })
        .where('app_id', '=', row.app_id).where('id', '=', row.id).where('status', '=', row.status)
      update = row.heartbeat_at === null ? update.where('heartbeat_at', 'is', null) : update.where('heartbeat_at', '=', row.heartbeat_at)
      const result = await update.executeTakeFirst()
      if (Number(result.numUpdatedRows) === 1) return this.getRun(row.app_id, row.id)
    }
    return undefined
  }

  async putResult(result: EvalResultRecord): Promise<void> {
    await this.store.db
      .insertInto('eval_results')
      .values({
        app_id: result.appId, run_id: result.runId, candidate_index: result.candidateIndex, item_index: result.itemIndex, answer: result.answer,
        cited_document_ids: JSON.stringify(result.citedDocumentIds), handoff: result.handoff, latency_ms: Math.round(result.latencyMs), input_tokens: result.inputTokens,
        output_tokens: result.outputTokens, answer_match: result.answerMatch, citation_hit: result.citationHit, judge_score: result.judgeScore, error: result.error, created_at: result.createdAt,
      })
      .onConflict((conflict) => conflict.columns(['app_id', 'run_id', 'candidate_index', 'item_index']).doNothing())
      .execute()
  }

  async results(appId: string, runId: string): Promise<EvalResultRecord[]> {
    const rows = await this.store.db.selectFrom('eval_results').selectAll().where('app_id', '=', appId).where('run_id', '=', runId).orderBy('candidate_index').orderBy('item_index').execute()
    return rows.map(toResult)
  }

  async putVariants(record: BotVariantsRecord): Promise<void> {
    if (record.variants.length === 0) {
      await this.store.db.deleteFrom('eval_variants').where('app_id', '=', record.appId).where('bot_id', '=', record.botId).execute()
      return
    }
    const variants = JSON.stringify(record.variants)
    await this.store.db
      .insertInto('eval_variants')
      .values({ app_id: record.appId, bot_id: record.botId, variants, updated_at: record.updatedAt })
      .onConflict((conflict) => conflict.columns(['app_id', 'bot_id']).doUpdateSet({ variants, updated_at: record.updatedAt }))
      .execute()
  }

  async getVariants(appId: string, botId: string): Promise<BotVariantsRecord | undefined> {
    const row = await this.store.db.selectFrom('eval_variants').selectAll().where('app_id', '=', appId).where('bot_id', '=', botId).executeTakeFirst()
    return row && { appId: row.app_id, botId: row.bot_id, variants: JSON.parse(row.variants) as BotVariantsRecord['variants'], updatedAt: Number(row.updated_at) }
  }

  async recordVariantReply(record: VariantReplyRecord): Promise<void> {
    await this.store.db
      .insertInto('eval_variant_replies')
      .values({
        app_id: record.appId, conversation_id: record.conversationId, seq: record.seq, bot_id: record.botId, variant_id: record.variantId, user_id: record.userId,
        handoff: record.handoff, input_tokens: record.inputTokens, output_tokens: record.outputTokens, latency_ms: Math.round(record.latencyMs), created_at: record.createdAt,
      })
      .onConflict((conflict) => conflict.columns(['app_id', 'conversation_id', 'seq']).doNothing())
      .execute()
  }

  async variantReplies(appId: string, botId: string, since: number): Promise<VariantReplyRecord[]> {
    const rows = await this.store.db.selectFrom('eval_variant_replies').selectAll().where('app_id', '=', appId).where('bot_id', '=', botId).where('created_at', '>=', since).orderBy('created_at').execute()
    return rows.map(toVariantReply)
  }

  async recordDecline(record: DeclineRecord): Promise<void> {
    await this.store.db
      .insertInto('eval_declines')
      .values({ app_id: record.appId, conversation_id: record.conversationId, seq: record.seq, bot_id: record.botId, user_id: record.userId, question: record.question, reason: record.reason, created_at: record.createdAt })
      .onConflict((conflict) => conflict.columns(['app_id', 'conversation_id', 'seq']).doNothing())
      .execute()
  }

  async listDeclines(appId: string, since: number, limit = 1000): Promise<DeclineRecord[]> {
    const rows = await this.store.db.selectFrom('eval_declines').selectAll().where('app_id', '=', appId).where('created_at', '>=', since).orderBy('created_at', 'desc').limit(limit).execute()
    return rows.map((row) => ({
      appId: row.app_id, conversationId: row.conversation_id, seq: Number(row.seq), botId: row.bot_id, userId: row.user_id, question: row.question, reason: row.reason, createdAt: Number(row.created_at),
    }))
  }
}
