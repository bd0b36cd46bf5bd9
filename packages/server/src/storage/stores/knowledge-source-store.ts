import type { Selectable } from 'kysely'
import type { Database } from '../kysely/database.js'
import type { StoreDatabase } from '../kysely/store-database.js'
import type {
  KnowledgeCurationRecord,
  KnowledgeSourceItemRecord,
  KnowledgeSourceRecord,
  KnowledgeSourceRunRecord,
  KnowledgeSourceStore,
} from '../knowledge-source-store.js'

const flag = (value: boolean | number) => value === true || value === 1
const nullable = (value: number | string | null) => (value === null ? null : Number(value))

const toSource = (row: Selectable<Database['knowledge_sources']>): KnowledgeSourceRecord => ({
  appId: row.app_id,
  id: row.id,
  kbId: row.kb_id,
  kind: row.kind,
  settings: JSON.parse(row.settings) as Record<string, unknown>,
  sealedSecret: row.sealed_secret,
  everyMinutes: nullable(row.every_minutes),
  status: row.status,
  checkpoint: row.checkpoint,
  nextRunAt: nullable(row.next_run_at),
  consecutiveFailures: Number(row.consecutive_failures),
  lastRunId: row.last_run_id,
  createdAt: Number(row.created_at),
  updatedAt: Number(row.updated_at),
})

const toItem = (row: Selectable<Database['knowledge_source_items']>): KnowledgeSourceItemRecord => ({
  itemId: row.item_id,
  missingCount: Number(row.missing_count),
  ...(row.document_id !== null ? { documentId: row.document_id } : {}),
  ...(row.url !== null ? { url: row.url } : {}),
  ...(row.etag !== null ? { etag: row.etag } : {}),
  ...(row.last_modified !== null ? { lastModified: row.last_modified } : {}),
  ...(row.version !== null ? { version: row.version } : {}),
  ...(row.content_hash !== null ? { contentHash: row.content_hash } : {}),
  ...(row.text_hash !== null ? { textHash: row.text_hash } : {}),
})

const toRun = (row: Selectable<Database['knowledge_source_runs']>): KnowledgeSourceRunRecord => ({
  appId: row.app_id,
  id: row.id,
  sourceId: row.source_id,
  status: row.status,
  trigger: row.trigger,
  progress: Number(row.progress),
  added: Number(row.added),
  updated: Number(row.updated),
  deleted: Number(row.deleted),
  unchanged: Number(row.unchanged),
  failed: Number(row.failed),
  errors: JSON.parse(row.errors) as KnowledgeSourceRunRecord['errors'],
  stats: row.stats === null ? null : (JSON.parse(row.stats) as Record<string, unknown>),
  error: row.error,
  queuedAt: Number(row.queued_at),
  startedAt: nullable(row.started_at),
  finishedAt: nullable(row.finished_at),
})

const toCuration = (row: Selectable<Database['knowledge_curations']>): KnowledgeCurationRecord => ({
  appId: row.app_id,
  id: row.id,
  kbId: row.kb_id,
  documentId: row.document_id,
  chunkHash: row.chunk_hash,
  action: row.action,
  text: row.text,
  question: row.question,
  answer: row.answer,
  needsReview: flag(row.needs_review),
  createdAt: Number(row.created_at),
  updatedAt: Number(row.updated_at),
})

/**
 * Knowledge sources, written once for both engines. `claimRun` is a compare-and-set on the run's
 * status, so two workers that see the same queued run start it once.
 */
export class SqlKnowledgeSourceStore implements KnowledgeSourceStore {
  constructor(private readonly store: StoreDatabase) {}

  async createSource(record: KnowledgeSourceRecord): Promise<void> {
    await this.store.db
      .insertInto('knowledge_sources')
      .values({
        app_id: record.appId,
        id: record.id,
        kb_id: record.kbId,
        kind: record.kind,
        settings: JSON.stringify(record.settings),
        sealed_secret: record.sealedSecret,
        every_minutes: record.everyMinutes,
        status: record.status,
        checkpoint: record.checkpoint,
        next_run_at: record.nextRunAt,
        consecutive_failures: record.consecutiveFailures,
        last_run_id: record.lastRunId,
        created_at: record.createdAt,
        updated_at: record.updatedAt,
      })
      .execute()
  }

  async getSource(appId: string, sourceId: string): Promise<KnowledgeSourceRecord | undefined> {
    const row = await this.store.db.selectFrom('knowledge_sources').selectAll().where('app_id', '=', appId).where('id', '=', sourceId).executeTakeFirst()
    return row ? toSource(row) : undefined
  }

  async listSources(appId: string, kbId: string): Promise<KnowledgeSourceRecord[]> {
    const rows = await this.store.db.selectFrom('knowledge_sources').selectAll().where('app_id', '=', appId).where('kb_id', '=', kbId).orderBy('created_at').orderBy('id').execute()
    return rows.map(toSource)
  }

  async updateSource(appId: string, sourceId: string, patch: Parameters<KnowledgeSourceStore['updateSource']>[2]): Promise<boolean> {
    const values: Partial<Record<keyof Database['knowledge_sources'], unknown>> = {}
    if (patch.settings !== undefined) values.settings = JSON.stringify(patch.settings)
    if (patch.sealedSecret !== undefined) values.sealed_secret = patch.sealedSecret
    if (patch.everyMinutes !== undefined) values.every_minutes = patch.everyMinutes
    if (patch.status !== undefined) values.status = patch.status
    if (patch.checkpoint !== undefined) values.checkpoint = patch.checkpoint
    if (patch.nextRunAt !== undefined) values.next_run_at = patch.nextRunAt
    if (patch.consecutiveFailures !== undefined) values.consecutive_failures = patch.consecutiveFailures
    if (patch.lastRunId !== undefined) values.last_run_id = patch.lastRunId
    if (patch.updatedAt !== undefined) values.updated_at = patch.updatedAt
    if (Object.keys(values).length === 0) return (await this.getSource(appId, sourceId)) !== undefined
    const result = await this.store.db.updateTable('knowledge_sources').set(values as never).where('app_id', '=', appId).where('id', '=', sourceId).executeTakeFirst()
    return Number(result.numUpdatedRows) > 0
  }

  async deleteSource(appId: string, sourceId: string): Promise<boolean> {
    return this.store.transaction(async (trx) => {
      await trx.deleteFrom('knowledge_source_items').where('app_id', '=', appId).where('source_id', '=', sourceId).execute()
      await trx.deleteFrom('knowledge_source_runs').where('app_id', '=', appId).where('source_id', '=', sourceId).execute()
      const result = await trx.deleteFrom('knowledge_sources').where('app_id', '=', appId).where('id', '=', sourceId).executeTakeFirst()
      return Number(result.numDeletedRows) > 0
    })
  }

  async dueSources(now: number, limit: number): Promise<KnowledgeSourceRecord[]> {
    const rows = await this.store.db
      .selectFrom('knowledge_sources')
      .selectAll()
      .where('status', '=', 'active')
      .where('every_minutes', 'is not', null)
      .where('next_run_at', '<=', now)
      .orderBy('next_run_at')
      .limit(limit)
      .execute()
    return rows.map(toSource)
  }

  async listItems(appId: string, sourceId: string): Promise<KnowledgeSourceItemRecord[]> {
    const rows = await this.store.db.selectFrom('knowledge_source_items').selectAll().where('app_id', '=', appId).where('source_id', '=', sourceId).orderBy(this.store.byteOrder('item_id')).execute()
    return rows.map(toItem)
  }

  async putItem(appId: string, sourceId: string, item: KnowledgeSourceItemRecord, now: number): Promise<void> {
    const values = {
      document_id: item.documentId ?? null,
      url: item.url ?? null,
      etag: item.etag ?? null,
      last_modified: item.lastModified ?? null,
      version: item.version ?? null,
      content_hash: item.contentHash ?? null,
      text_hash: item.textHash ?? null,
      missing_count: item.missingCount,
      updated_at: now,
    }
    await this.store.db
      .insertInto('knowledge_source_items')
      .values({ app_id: appId, source_id: sourceId, item_id: item.itemId, ...values })
      .onConflict((conflict) => conflict.columns(['app_id', 'source_id', 'item_id']).doUpdateSet(values))
      .execute()
  }

  async deleteItem(appId: string, sourceId: string, itemId: string): Promise<void> {
    await this.store.db.deleteFrom('knowledge_source_items').where('app_id', '=', appId).where('source_id', '=', sourceId).where('item_id', '=', itemId).execute()
  }

  async createRun(record: KnowledgeSourceRunRecord): Promise<void> {
    await this.store.db
      .insertInto('knowledge_source_runs')
      .values({
        app_id: record.appId,
        id: record.id,
        source_id: record.sourceId,
        status: record.status,
        trigger: record.trigger,
        progress: record.progress,
        added: record.added,
        updated: record.updated,
        deleted: record.deleted,
        unchanged: record.unchanged,
        failed: record.failed,
        errors: JSON.stringify(record.errors),
        stats: record.stats === null ? null : JSON.stringify(record.stats),
        error: record.error,
        queued_at: record.queuedAt,
        started_at: record.startedAt,
        finished_at: record.finishedAt,
      })
      .execute()
  }

  async getRun(appId: string, runId: string): Promise<KnowledgeSourceRunRecord | undefined> {
    const row = await this.store.db.selectFrom('knowledge_source_runs').selectAll().where('app_id', '=', appId).where('id', '=', runId).executeTakeFirst()
    return row ? toRun(row) : undefined
  }

  async listRuns(appId: string, sourceId: string, limit: number): Promise<KnowledgeSourceRunRecord[]> {
    const rows = await this.store.db
      .selectFrom('knowledge_source_runs')
      .selectAll()
      .where('app_id', '=', appId)
      .where('source_id', '=', sourceId)
      .orderBy('queued_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute()
    return rows.map(toRun)
  }

  async activeRun(appId: string, sourceId: string): Promise<KnowledgeSourceRunRecord | undefined> {
    const row = await this.store.db
      .selectFrom('knowledge_source_runs')
      .selectAll()
      .where('app_id', '=', appId)
      .where('source_id', '=', sourceId)
      .where('status', 'in', ['queued', 'running'])
      .orderBy('queued_at')
      .executeTakeFirst()
    return row ? toRun(row) : undefined
  }

  async updateRun(appId: string, runId: string, patch: Parameters<KnowledgeSourceStore['updateRun']>[2]): Promise<void> {
    const values: Partial<Record<keyof Database['knowledge_source_runs'], unknown>> = {}
    for (const key of ['status', 'progress', 'added', 'updated', 'deleted', 'unchanged', 'failed', 'error'] as const) {
      if (patch[key] !== undefined) values[key] = patch[key]
    }
    if (patch.errors !== undefined) values.errors = JSON.stringify(patch.errors)
    if (patch.stats !== undefined) values.stats = patch.stats === null ? null : JSON.stringify(patch.stats)
    if (patch.startedAt !== undefined) values.started_at = patch.startedAt
    if (patch.finishedAt !== undefined) values.finished_at = patch.finishedAt
    if (Object.keys(values).length === 0) return
    await this.store.db.updateTable('knowledge_source_runs').set(values as never).where('app_id', '=', appId).where('id', '=', runId).execute()
  }

  async queuedRuns(limit: number): Promise<KnowledgeSourceRunRecord[]> {
    const rows = await this.store.db.selectFrom('knowledge_source_runs').selectAll().where('status', '=', 'queued').orderBy('queued_at').orderBy('id').limit(limit).execute()
    return rows.map(toRun)
  }

  async claimRun(appId: string, runId: string, now: number): Promise<boolean> {
    const result = await this.store.db
      .updateTable('knowledge_source_runs')
      .set({ status: 'running', started_at: now })
      .where('app_id', '=', appId)
      .where('id', '=', runId)
      .where('status', '=', 'queued')
      .executeTakeFirst()
    return Number(result.numUpdatedRows) > 0
  }

  async requeueRunning(): Promise<number> {
    const result = await this.store.db.updateTable('knowledge_source_runs').set({ status: 'queued', started_at: null }).where('status', '=', 'running').executeTakeFirst()
    return Number(result.numUpdatedRows)
  }

  async createCuration(record: KnowledgeCurationRecord): Promise<void> {
    await this.store.db
      .insertInto('knowledge_curations')
      .values({
        app_id: record.appId,
        id: record.id,
        kb_id: record.kbId,
        document_id: record.documentId,
        chunk_hash: record.chunkHash,
        action: record.action,
        text: record.text,
        question: record.question,
        answer: record.answer,
        needs_review: record.needsReview,
        created_at: record.createdAt,
        updated_at: record.updatedAt,
      })
      .execute()
  }

  async getCuration(appId: string, curationId: string): Promise<KnowledgeCurationRecord | undefined> {
    const row = await this.store.db.selectFrom('knowledge_curations').selectAll().where('app_id', '=', appId).where('id', '=', curationId).executeTakeFirst()
    return row ? toCuration(row) : undefined
  }

  async listCurations(appId: string, kbId: string, documentId?: string): Promise<KnowledgeCurationRecord[]> {
    let query = this.store.db.selectFrom('knowledge_curations').selectAll().where('app_id', '=', appId).where('kb_id', '=', kbId)
    if (documentId !== undefined) query = query.where('document_id', '=', documentId)
    return (await query.orderBy('created_at').orderBy('id').execute()).map(toCuration)
  }

  async updateCuration(appId: string, curationId: string, patch: Parameters<KnowledgeSourceStore['updateCuration']>[2]): Promise<void> {
    const values: Partial<Record<keyof Database['knowledge_curations'], unknown>> = {}
    if (patch.chunkHash !== undefined) values.chunk_hash = patch.chunkHash
    if (patch.text !== undefined) values.text = patch.text
    if (patch.question !== undefined) values.question = patch.question
    if (patch.answer !== undefined) values.answer = patch.answer
    if (patch.needsReview !== undefined) values.needs_review = patch.needsReview
    if (patch.updatedAt !== undefined) values.updated_at = patch.updatedAt
    if (Object.keys(values).length === 0) return
    await this.store.db.updateTable('knowledge_curations').set(values as never).where('app_id', '=', appId).where('id', '=', curationId).execute()
  }

  async flagCurations(appId: string, ids: readonly string[], needsReview: boolean, now: number): Promise<void> {
    if (ids.length === 0) return
    await this.store.db.updateTable('knowledge_curations').set({ needs_review: needsReview, updated_at: now }).where('app_id', '=', appId).where('id', 'in', [...ids]).execute()
  }

  async deleteCuration(appId: string, curationId: string): Promise<boolean> {
    const result = await this.store.db.deleteFrom('knowledge_curations').where('app_id', '=', appId).where('id', '=', curationId).executeTakeFirst()
    return Number(result.numDeletedRows) > 0
  }

  async deleteCurationsOf(appId: string, documentId: string): Promise<void> {
    await this.store.db.deleteFrom('knowledge_curations').where('app_id', '=', appId).where('document_id', '=', documentId).execute()
  }
}
