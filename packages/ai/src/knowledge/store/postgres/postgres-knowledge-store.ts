import { WarblerError } from '@warbler/protocol'
import type { QueryTerm } from '../../tokenize/tokenize.js'
import type {
  ChunkRecord,
  DocumentRecord,
  JobRecord,
  KnowledgeBaseRecord,
  KnowledgeStore,
  NewChunk,
  Page,
  ScoredChunk,
  SearchFilters,
} from '../knowledge-store.js'
import { inTransaction, type PgPoolLike, type PgQueryable } from './postgres-database.js'
import { runPostgresKnowledgeMigrations } from './postgres-migrations.js'
import { PostgresVectorIndex } from './postgres-vector-index.js'
import { toChunk, type ChunkColumns } from '../chunk-row.js'
import { toDocument, type DocumentRow } from '../document-row.js'
import { dot, norm } from '../vector-math.js'

const SOURCE_PART_BYTES = 1024 * 1024

interface ChunkRow extends ChunkColumns {
  rowid: string
}

const CHUNK_COLUMNS = 'c.rowid, c.id, c.document_id, c.kb_id, c.ordinal, d.title, c.text, c.heading_path, c.token_count, c.source_url'

/** Options of {@link PostgresKnowledgeStore}. */
export interface PostgresKnowledgeStoreOptions {
  /** Use pgvector when the database offers it (default true); otherwise exact cosine in process. */
  usePgvector?: boolean
  log?: (message: string) => void
}

/**
 * The knowledge store on PostgreSQL, for clusters: `to_tsvector('simple', index_text)` over the
 * pre-tokenized column with a GIN index, ranked with `ts_rank`; pgvector when the extension is
 * available, exact cosine in process otherwise; `FOR UPDATE SKIP LOCKED` job claims. Tables are
 * prefixed `kb_`, as in the SQLite store.
 *
 * @example
 * ```ts
 * const store = new PostgresKnowledgeStore(pool) // a pg.Pool (the server passes its own)
 * const knowledge = new KnowledgeService({ store })
 * ```
 */
export class PostgresKnowledgeStore implements KnowledgeStore {
  private vectorIndex: PostgresVectorIndex | undefined

  constructor(
    private readonly pool: PgPoolLike,
    private readonly options: PostgresKnowledgeStoreOptions = {},
  ) {}

  /** Whether vector search runs on pgvector (false: exact cosine in process). */
  get usesPgvector(): boolean {
    return this.vectorIndex !== undefined
  }

  async migrate(): Promise<void> {
    await runPostgresKnowledgeMigrations(this.pool)
    if (this.options.usePgvector !== false) this.vectorIndex = await PostgresVectorIndex.tryEnable(this.pool, this.options.log)
  }

  async createKnowledgeBase(record: KnowledgeBaseRecord): Promise<void> {
    await this.pool.query('INSERT INTO kb_knowledge_bases (id, app_id, name, settings, created_at) VALUES ($1, $2, $3, $4, $5)', [
      record.id,
      record.appId,
      record.name,
      JSON.stringify(record.settings),
      record.createdAt,
    ])
  }

  async getKnowledgeBase(appId: string, kbId: string): Promise<KnowledgeBaseRecord | undefined> {
    const { rows } = await this.pool.query<{ id: string; app_id: string; name: string; settings: string; created_at: string }>(
      'SELECT * FROM kb_knowledge_bases WHERE app_id = $1 AND id = $2',
      [appId, kbId],
    )
    const row = rows[0]
    return row && { id: row.id, appId: row.app_id, name: row.name, settings: JSON.parse(row.settings), createdAt: row.created_at }
  }

  async listKnowledgeBases(appId: string): Promise<KnowledgeBaseRecord[]> {
    const { rows } = await this.pool.query<{ id: string; app_id: string; name: string; settings: string; created_at: string }>(
      'SELECT * FROM kb_knowledge_bases WHERE app_id = $1 ORDER BY created_at, id',
      [appId],
    )
    return rows.map((row) => ({ id: row.id, appId: row.app_id, name: row.name, settings: JSON.parse(row.settings), createdAt: row.created_at }))
  }

  async deleteKnowledgeBase(appId: string, kbId: string): Promise<boolean> {
    return inTransaction(this.pool, async (client) => {
      const { rowCount } = await client.query('DELETE FROM kb_knowledge_bases WHERE app_id = $1 AND id = $2', [appId, kbId])
      if (!rowCount) return false
      const documents = client.query<{ id: string }>('SELECT id FROM kb_documents WHERE app_id = $1 AND kb_id = $2', [appId, kbId])
      for (const document of (await documents).rows) await deleteDocumentRows(client, appId, document.id)
      return true
    })
  }

  async createDocument(record: DocumentRecord): Promise<void> {
    await this.pool.query(
      `INSERT INTO kb_documents (id, app_id, kb_id, title, tags, source, status, progress, chunk_count, content_chars, error, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        record.id,
        record.appId,
        record.kbId,
        record.title,
        JSON.stringify(record.tags),
        JSON.stringify(record.source),
        record.status,
        record.progress,
        record.chunkCount,
        record.contentChars,
        record.error ?? null,
        record.createdAt,
        record.updatedAt,
      ],
    )
  }

  async getDocument(appId: string, kbId: string, documentId: string): Promise<DocumentRecord | undefined> {
    const { rows } = await this.pool.query<DocumentRow>('SELECT * FROM kb_documents WHERE app_id = $1 AND kb_id = $2 AND id = $3', [appId, kbId, documentId])
    return rows[0] && toDocument(rows[0])
  }

  async listDocuments(appId: string, kbId: string, page: Page = {}): Promise<DocumentRecord[]> {
    const { rows } = await this.pool.query<DocumentRow>('SELECT * FROM kb_documents WHERE app_id = $1 AND kb_id = $2 ORDER BY created_at, id LIMIT $3 OFFSET $4', [
      appId,
      kbId,
      page.limit ?? 100,
      page.offset ?? 0,
    ])
    return rows.map(toDocument)
  }

  async updateDocument(appId: string, documentId: string, patch: Parameters<KnowledgeStore['updateDocument']>[2]): Promise<void> {
    const columns: string[] = []
    const values: unknown[] = []
    const set = (column: string, value: unknown): void => {
      values.push(value)
      columns.push(`${column} = $${values.length}`)
    }
    if (patch.title !== undefined) set('title', patch.title)
    if (patch.tags !== undefined) set('tags', JSON.stringify(patch.tags))
    if (patch.source !== undefined) set('source', JSON.stringify(patch.source))
    if (patch.status !== undefined) set('status', patch.status)
    if (patch.progress !== undefined) set('progress', patch.progress)
    if (patch.chunkCount !== undefined) set('chunk_count', patch.chunkCount)
    if (patch.contentChars !== undefined) set('content_chars', patch.contentChars)
    if ('error' in patch) set('error', patch.error ?? null)
    set('updated_at', new Date().toISOString())
    values.push(appId, documentId)
    await this.pool.query(`UPDATE kb_documents SET ${columns.join(', ')} WHERE app_id = $${values.length - 1} AND id = $${values.length}`, values)
  }

  async deleteDocument(appId: string, kbId: string, documentId: string): Promise<boolean> {
    return inTransaction(this.pool, async (client) => {
      const { rows } = await client.query('SELECT 1 FROM kb_documents WHERE app_id = $1 AND kb_id = $2 AND id = $3 FOR UPDATE', [appId, kbId, documentId])
      if (rows.length === 0) return false
      await deleteDocumentRows(client, appId, documentId)
      return true
    })
  }

  async writeSource(appId: string, documentId: string, data: AsyncIterable<Uint8Array>, maxBytes: number): Promise<number> {
    await this.deleteSource(appId, documentId)
    let buffered: Uint8Array[] = []
    let bufferedBytes = 0
    let total = 0
    let part = 0
    const flush = async (): Promise<void> => {
      if (bufferedBytes === 0) return
      const bytes = Buffer.concat(buffered, bufferedBytes)
      buffered = []
      bufferedBytes = 0
      await this.pool.query('INSERT INTO kb_sources (document_id, app_id, part, data) VALUES ($1, $2, $3, $4)', [documentId, appId, part++, bytes])
    }
    try {
      for await (const piece of data) {
        total += piece.byteLength
        if (total > maxBytes) throw new WarblerError('payload_too_large', `The file is larger than ${maxBytes} bytes.`)
        buffered.push(piece)
        bufferedBytes += piece.byteLength
        if (bufferedBytes >= SOURCE_PART_BYTES) await flush()
      }
      await flush()
    } catch (error) {
      await this.deleteSource(appId, documentId)
      throw error
    }
    return total
  }

  async *readSource(appId: string, documentId: string): AsyncIterable<Uint8Array> {
    // One part per query, so a large source is never held in memory at once.
    for (let part = 0; ; part++) {
      const { rows } = await this.pool.query<{ data: Buffer }>('SELECT data FROM kb_sources WHERE app_id = $1 AND document_id = $2 AND part = $3', [appId, documentId, part])
      if (!rows[0]) return
      yield rows[0].data
    }
  }

  async deleteSource(appId: string, documentId: string): Promise<void> {
    await this.pool.query('DELETE FROM kb_sources WHERE app_id = $1 AND document_id = $2', [appId, documentId])
  }

  async replaceChunks(appId: string, kbId: string, documentId: string, chunks: NewChunk[]): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      const { rows } = await client.query('SELECT 1 FROM kb_documents WHERE app_id = $1 AND kb_id = $2 AND id = $3 FOR UPDATE', [appId, kbId, documentId])
      if (rows.length === 0) throw new WarblerError('not_found', 'The document no longer exists.')
      await client.query('DELETE FROM kb_chunks WHERE app_id = $1 AND document_id = $2', [appId, documentId])
      for (const chunk of chunks) {
        const embedding = chunk.embedding ? Buffer.from(chunk.embedding.buffer, chunk.embedding.byteOffset, chunk.embedding.byteLength) : null
        const values = [
          chunk.id,
          appId,
          kbId,
          documentId,
          chunk.ordinal,
          chunk.text,
          JSON.stringify(chunk.headingPath),
          chunk.tokenCount,
          chunk.sourceUrl ?? null,
          chunk.indexText,
          embedding,
        ]
        if (this.vectorIndex) {
          await client.query(
            `INSERT INTO kb_chunks (id, app_id, kb_id, document_id, ordinal, text, heading_path, token_count, source_url, index_text, embedding, embedding_vector)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::vector)`,
            [...values, chunk.embedding ? PostgresVectorIndex.literal(chunk.embedding) : null],
          )
        } else {
          await client.query(
            `INSERT INTO kb_chunks (id, app_id, kb_id, document_id, ordinal, text, heading_path, token_count, source_url, index_text, embedding)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
            values,
          )
        }
      }
    })
  }

  async listChunks(appId: string, kbId: string, documentId: string, page: Page = {}): Promise<ChunkRecord[]> {
    const { rows } = await this.pool.query<ChunkRow>(
      `SELECT ${CHUNK_COLUMNS} FROM kb_chunks c JOIN kb_documents d ON d.id = c.document_id
       WHERE c.app_id = $1 AND c.kb_id = $2 AND c.document_id = $3 ORDER BY c.ordinal LIMIT $4 OFFSET $5`,
      [appId, kbId, documentId, page.limit ?? 1000, page.offset ?? 0],
    )
    return rows.map(toChunk)
  }

  async countChunks(appId: string, kbId: string): Promise<number> {
    const { rows } = await this.pool.query<{ n: string | number }>('SELECT count(*) AS n FROM kb_chunks WHERE app_id = $1 AND kb_id = $2', [appId, kbId])
    return Number(rows[0]!.n)
  }

  async searchLexical(appId: string, kbIds: string[], terms: QueryTerm[], limit: number, filters: SearchFilters = {}): Promise<ScoredChunk[]> {
    if (terms.length === 0 || kbIds.length === 0) return []
    const params: unknown[] = [appId, kbIds, terms.map((term) => term.term)]
    const filterSql = filterClause(filters, params)
    params.push(limit)
    // Any term matches (OR), ranked by ts_rank over the pre-tokenized lexemes.
    const { rows } = await this.pool.query<ChunkRow & { score: number }>(
      `WITH q AS (SELECT to_tsquery('simple', array_to_string(ARRAY(SELECT quote_literal(t) FROM unnest($3::text[]) AS t), ' | ')) AS query)
       SELECT ${CHUNK_COLUMNS}, ts_rank(c.index_vector, q.query) AS score
       FROM kb_chunks c JOIN kb_documents d ON d.id = c.document_id, q
       WHERE c.app_id = $1 AND c.kb_id = ANY($2::text[]) AND c.index_vector @@ q.query ${filterSql}
       ORDER BY score DESC, c.rowid LIMIT $${params.length}`,
      params,
    )
    return rows.map((row) => ({ ...toChunk(row), score: row.score }))
  }

  async searchVector(appId: string, kbIds: string[], vector: Float32Array, limit: number, filters: SearchFilters = {}): Promise<ScoredChunk[]> {
    if (kbIds.length === 0) return []
    const params: unknown[] = [appId, kbIds]
    const filterSql = filterClause(filters, params)
    if (this.vectorIndex) {
      params.push(PostgresVectorIndex.literal(vector), vector.length, limit)
      const n = params.length
      const { rows } = await this.pool.query<ChunkRow & { distance: number }>(
        `SELECT ${CHUNK_COLUMNS}, c.embedding_vector <=> $${n - 2}::vector AS distance
         FROM kb_chunks c JOIN kb_documents d ON d.id = c.document_id
         WHERE c.app_id = $1 AND c.kb_id = ANY($2::text[]) ${filterSql}
           AND c.embedding_vector IS NOT NULL AND vector_dims(c.embedding_vector) = $${n - 1}
         ORDER BY distance LIMIT $${n}`,
        params,
      )
      return rows.map((row) => ({ ...toChunk(row), score: 1 - row.distance }))
    }
    // Exact cosine in process over the (filtered) chunks' embeddings.
    const { rows } = await this.pool.query<{ rowid: string; embedding: Buffer }>(
      `SELECT c.rowid, c.embedding FROM kb_chunks c JOIN kb_documents d ON d.id = c.document_id
       WHERE c.app_id = $1 AND c.kb_id = ANY($2::text[]) ${filterSql} AND c.embedding IS NOT NULL`,
      params,
    )
    const queryNorm = norm(vector)
    const scored = rows
      .map((row) => {
        const bytes = new Uint8Array(row.embedding)
        const candidate = new Float32Array(bytes.buffer, bytes.byteOffset, Math.floor(bytes.byteLength / 4))
        return { rowid: row.rowid, score: candidate.length === vector.length ? dot(vector, candidate) / (queryNorm * norm(candidate) || 1) : -1 }
      })
      .filter((hit) => hit.score > -1)
      .sort((a, b) => b.score - a.score)
      .slice(0, limit)
    if (scored.length === 0) return []
    const { rows: chunks } = await this.pool.query<ChunkRow>(
      `SELECT ${CHUNK_COLUMNS} FROM kb_chunks c JOIN kb_documents d ON d.id = c.document_id WHERE c.app_id = $1 AND c.rowid = ANY($2::bigint[])`,
      [appId, scored.map((hit) => hit.rowid)],
    )
    const byRowid = new Map(chunks.map((row) => [String(row.rowid), row]))
    return scored.flatMap((hit) => {
      const row = byRowid.get(String(hit.rowid))
      return row ? [{ ...toChunk(row), score: hit.score }] : []
    })
  }

  async enqueueJob(job: JobRecord): Promise<void> {
    await this.pool.query('INSERT INTO kb_jobs (id, app_id, kb_id, document_id, status, attempts, run_after, last_error) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
      job.id,
      job.appId,
      job.kbId,
      job.documentId,
      job.status,
      job.attempts,
      job.runAfter,
      job.lastError ?? null,
    ])
  }

  async claimJobs(limit: number, now: number): Promise<JobRecord[]> {
    if (limit <= 0) return []
    return inTransaction(this.pool, async (client) => {
      // SKIP LOCKED: workers on several nodes polling at once never take the same job.
      const { rows } = await client.query<{ id: string; app_id: string; kb_id: string; document_id: string; attempts: number; run_after: string | number; last_error: string | null }>(
        `SELECT id, app_id, kb_id, document_id, attempts, run_after, last_error FROM kb_jobs
         WHERE status = 'queued' AND run_after <= $1
           AND document_id NOT IN (SELECT document_id FROM kb_jobs WHERE status = 'processing')
         ORDER BY run_after, seq LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [now, limit * 4],
      )
      // One job per document at a time, so an update never races an older ingestion of the same document.
      const documents = new Set<string>()
      const claimed: JobRecord[] = []
      for (const row of rows) {
        if (documents.size >= limit || documents.has(row.document_id)) continue
        documents.add(row.document_id)
        await client.query("UPDATE kb_jobs SET status = 'processing', attempts = attempts + 1 WHERE id = $1", [row.id])
        const job: JobRecord = {
          id: row.id,
          appId: row.app_id,
          kbId: row.kb_id,
          documentId: row.document_id,
          status: 'processing',
          attempts: row.attempts + 1,
          runAfter: Number(row.run_after),
        }
        if (row.last_error !== null) job.lastError = row.last_error
        claimed.push(job)
      }
      return claimed
    })
  }

  async finishJob(id: string, outcome: Parameters<KnowledgeStore['finishJob']>[1]): Promise<void> {
    if (outcome.status === 'done') await this.pool.query('DELETE FROM kb_jobs WHERE id = $1', [id])
    else if (outcome.status === 'failed') await this.pool.query("UPDATE kb_jobs SET status = 'failed', last_error = $1 WHERE id = $2", [outcome.error, id])
    else await this.pool.query("UPDATE kb_jobs SET status = 'queued', run_after = $1, last_error = $2 WHERE id = $3", [outcome.runAfter, outcome.error, id])
  }

  async deleteQueuedJobs(appId: string, documentId: string): Promise<void> {
    await this.pool.query("DELETE FROM kb_jobs WHERE app_id = $1 AND document_id = $2 AND status IN ('queued', 'failed')", [appId, documentId])
  }

  async requeueInterruptedJobs(): Promise<number> {
    const { rowCount } = await this.pool.query("UPDATE kb_jobs SET status = 'queued' WHERE status = 'processing'")
    return rowCount ?? 0
  }

  async nextJobDue(): Promise<number | undefined> {
    const { rows } = await this.pool.query<{ due: string | number | null }>("SELECT min(run_after) AS due FROM kb_jobs WHERE status = 'queued'")
    return rows[0]?.due === null || rows[0]?.due === undefined ? undefined : Number(rows[0].due)
  }
}

/** Deletes a document with its chunks (and so their lexical and vector entries), source and jobs. */
async function deleteDocumentRows(client: PgQueryable, appId: string, documentId: string): Promise<void> {
  await client.query('DELETE FROM kb_chunks WHERE app_id = $1 AND document_id = $2', [appId, documentId])
  await client.query('DELETE FROM kb_sources WHERE app_id = $1 AND document_id = $2', [appId, documentId])
  await client.query('DELETE FROM kb_jobs WHERE app_id = $1 AND document_id = $2', [appId, documentId])
  await client.query('DELETE FROM kb_documents WHERE app_id = $1 AND id = $2', [appId, documentId])
}

/** SQL for the document and tag filters; appends their parameters to `params`. */
function filterClause(filters: SearchFilters, params: unknown[]): string {
  const parts: string[] = []
  if (filters.documentIds && filters.documentIds.length > 0) {
    params.push(filters.documentIds)
    parts.push(`c.document_id = ANY($${params.length}::text[])`)
  }
  if (filters.tags && filters.tags.length > 0) {
    params.push(filters.tags)
    parts.push(`d.tags ?| $${params.length}::text[]`)
  }
  return parts.map((part) => `AND ${part}`).join(' ')
}

