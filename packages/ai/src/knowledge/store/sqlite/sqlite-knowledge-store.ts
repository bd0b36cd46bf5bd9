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
import { runMigrations } from './migrations.js'
import type { SqliteDatabase } from './sqlite-database.js'
import { SqliteVectorIndex } from './sqlite-vector-index.js'
import { toChunk, type ChunkColumns } from '../chunk-row.js'
import { toDocument, type DocumentRow } from '../document-row.js'
import { dot, norm } from '../vector-math.js'

const SOURCE_PART_BYTES = 1024 * 1024

interface ChunkRow extends ChunkColumns {
  rowid: number
}

/** Options of {@link SqliteKnowledgeStore}. */
export interface SqliteKnowledgeStoreOptions {
  /** Load sqlite-vec for vector search (default true); otherwise exact cosine is used. */
  useSqliteVec?: boolean
  log?: (message: string) => void
}

/**
 * The embedded knowledge store on SQLite: FTS5 (BM25) over the pre-tokenized `index_text`
 * column, sqlite-vec when it loads (exact cosine otherwise), all tables prefixed `kb_`.
 *
 * @example
 * ```ts
 * const store = new SqliteKnowledgeStore(new Database('warbler.db'))
 * await store.migrate()
 * ```
 */
export class SqliteKnowledgeStore implements KnowledgeStore {
  private vectorIndex: SqliteVectorIndex | undefined

  constructor(
    private readonly db: SqliteDatabase,
    private readonly options: SqliteKnowledgeStoreOptions = {},
  ) {}

  /** Whether vector search runs on sqlite-vec (false: exact cosine in process). */
  get usesSqliteVec(): boolean {
    return this.vectorIndex !== undefined
  }

  async migrate(): Promise<void> {
    runMigrations(this.db)
    if (this.options.useSqliteVec !== false) this.vectorIndex = await SqliteVectorIndex.tryLoad(this.db, this.options.log)
  }

  async createKnowledgeBase(record: KnowledgeBaseRecord): Promise<void> {
    this.db
      .prepare('INSERT INTO kb_knowledge_bases (id, app_id, name, settings, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(record.id, record.appId, record.name, JSON.stringify(record.settings), record.createdAt)
  }

  async getKnowledgeBase(appId: string, kbId: string): Promise<KnowledgeBaseRecord | undefined> {
    const row = this.db.prepare('SELECT * FROM kb_knowledge_bases WHERE app_id = ? AND id = ?').get(appId, kbId) as
      | { id: string; app_id: string; name: string; settings: string; created_at: string }
      | undefined
    return row && { id: row.id, appId: row.app_id, name: row.name, settings: JSON.parse(row.settings), createdAt: row.created_at }
  }

  async listKnowledgeBases(appId: string): Promise<KnowledgeBaseRecord[]> {
    const rows = this.db.prepare('SELECT * FROM kb_knowledge_bases WHERE app_id = ? ORDER BY created_at, id').all(appId) as {
      id: string
      app_id: string
      name: string
      settings: string
      created_at: string
    }[]
    return rows.map((row) => ({ id: row.id, appId: row.app_id, name: row.name, settings: JSON.parse(row.settings), createdAt: row.created_at }))
  }

  async deleteKnowledgeBase(appId: string, kbId: string): Promise<boolean> {
    return this.db.transaction(() => {
      const exists = this.db.prepare('SELECT 1 FROM kb_knowledge_bases WHERE app_id = ? AND id = ?').get(appId, kbId)
      if (!exists) return false
      const documents = this.db.prepare('SELECT id FROM kb_documents WHERE app_id = ? AND kb_id = ?').all(appId, kbId) as { id: string }[]
      for (const document of documents) this.deleteDocumentRows(appId, document.id)
      this.db.prepare('DELETE FROM kb_knowledge_bases WHERE app_id = ? AND id = ?').run(appId, kbId)
      return true
    })()
  }

  async createDocument(record: DocumentRecord): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO kb_documents (id, app_id, kb_id, title, tags, source, status, progress, chunk_count, content_chars, error, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
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
      )
  }

  async getDocument(appId: string, kbId: string, documentId: string): Promise<DocumentRecord | undefined> {
    const row = this.db.prepare('SELECT * FROM kb_documents WHERE app_id = ? AND kb_id = ? AND id = ?').get(appId, kbId, documentId) as
      | DocumentRow
      | undefined
    return row && toDocument(row)
  }

  async listDocuments(appId: string, kbId: string, page: Page = {}): Promise<DocumentRecord[]> {
    const rows = this.db
      .prepare('SELECT * FROM kb_documents WHERE app_id = ? AND kb_id = ? ORDER BY created_at, id LIMIT ? OFFSET ?')
      .all(appId, kbId, page.limit ?? 100, page.offset ?? 0) as DocumentRow[]
    return rows.map(toDocument)
  }

  async updateDocument(appId: string, documentId: string, patch: Parameters<KnowledgeStore['updateDocument']>[2]): Promise<void> {
    const columns: string[] = []
    const values: unknown[] = []
    const set = (column: string, value: unknown): void => {
      columns.push(`${column} = ?`)
      values.push(value)
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
    this.db.prepare(`UPDATE kb_documents SET ${columns.join(', ')} WHERE app_id = ? AND id = ?`).run(...values, appId, documentId)
  }

  async deleteDocument(appId: string, kbId: string, documentId: string): Promise<boolean> {
    return this.db.transaction(() => {
      const exists = this.db.prepare('SELECT 1 FROM kb_documents WHERE app_id = ? AND kb_id = ? AND id = ?').get(appId, kbId, documentId)
      if (!exists) return false
      this.deleteDocumentRows(appId, documentId)
      return true
    })()
  }

  private deleteDocumentRows(appId: string, documentId: string): void {
    this.deleteChunkRows(appId, documentId)
    this.db.prepare('DELETE FROM kb_sources WHERE app_id = ? AND document_id = ?').run(appId, documentId)
    this.db.prepare('DELETE FROM kb_jobs WHERE app_id = ? AND document_id = ?').run(appId, documentId)
    this.db.prepare('DELETE FROM kb_documents WHERE app_id = ? AND id = ?').run(appId, documentId)
  }

  private deleteChunkRows(appId: string, documentId: string): void {
    const rowids = (
      this.db.prepare('SELECT rowid FROM kb_chunks WHERE app_id = ? AND document_id = ?').all(appId, documentId) as { rowid: number }[]
    ).map((row) => BigInt(row.rowid))
    const deleteFts = this.db.prepare('DELETE FROM kb_chunks_fts WHERE rowid = ?')
    for (const rowid of rowids) deleteFts.run(rowid)
    this.vectorIndex?.delete(rowids)
    this.db.prepare('DELETE FROM kb_chunks WHERE app_id = ? AND document_id = ?').run(appId, documentId)
  }

  async writeSource(appId: string, documentId: string, data: AsyncIterable<Uint8Array>, maxBytes: number): Promise<number> {
    this.db.prepare('DELETE FROM kb_sources WHERE app_id = ? AND document_id = ?').run(appId, documentId)
    const insert = this.db.prepare('INSERT INTO kb_sources (document_id, app_id, part, data) VALUES (?, ?, ?, ?)')
    let buffered: Uint8Array[] = []
    let bufferedBytes = 0
    let total = 0
    let part = 0
    const flush = (): void => {
      if (bufferedBytes === 0) return
      insert.run(documentId, appId, part++, Buffer.concat(buffered, bufferedBytes))
      buffered = []
      bufferedBytes = 0
    }
    try {
      for await (const piece of data) {
        total += piece.byteLength
        if (total > maxBytes) throw new WarblerError('payload_too_large', `The file is larger than ${maxBytes} bytes.`)
        buffered.push(piece)
        bufferedBytes += piece.byteLength
        if (bufferedBytes >= SOURCE_PART_BYTES) flush()
      }
      flush()
    } catch (error) {
      this.db.prepare('DELETE FROM kb_sources WHERE app_id = ? AND document_id = ?').run(appId, documentId)
      throw error
    }
    return total
  }

  async *readSource(appId: string, documentId: string): AsyncIterable<Uint8Array> {
    const select = this.db.prepare('SELECT data FROM kb_sources WHERE app_id = ? AND document_id = ? AND part = ?')
    for (let part = 0; ; part++) {
      const row = select.get(appId, documentId, part) as { data: Buffer } | undefined
      if (!row) return
      yield row.data
    }
  }

  async deleteSource(appId: string, documentId: string): Promise<void> {
    this.db.prepare('DELETE FROM kb_sources WHERE app_id = ? AND document_id = ?').run(appId, documentId)
  }

  async replaceChunks(appId: string, kbId: string, documentId: string, chunks: NewChunk[]): Promise<void> {
    const insertChunk = this.db.prepare(
      `INSERT INTO kb_chunks (id, app_id, kb_id, document_id, ordinal, text, heading_path, token_count, source_url, index_text, embedding)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    const insertFts = this.db.prepare('INSERT INTO kb_chunks_fts (rowid, index_text, scope) VALUES (?, ?, ?)')
    const scope = scopeToken(kbId)
    this.db.transaction(() => {
      const document = this.db.prepare('SELECT 1 FROM kb_documents WHERE app_id = ? AND kb_id = ? AND id = ?').get(appId, kbId, documentId)
      if (!document) throw new WarblerError('not_found', 'The document no longer exists.')
      this.deleteChunkRows(appId, documentId)
      for (const chunk of chunks) {
        const embedding = chunk.embedding ? Buffer.from(chunk.embedding.buffer, chunk.embedding.byteOffset, chunk.embedding.byteLength) : null
        const { lastInsertRowid } = insertChunk.run(
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
        )
        const rowid = BigInt(lastInsertRowid)
        insertFts.run(rowid, chunk.indexText, scope)
        if (chunk.embedding) this.vectorIndex?.insert(rowid, kbId, chunk.embedding)
      }
    })()
  }

  async listChunks(appId: string, kbId: string, documentId: string, page: Page = {}): Promise<ChunkRecord[]> {
    const rows = this.db
      .prepare(
        `SELECT c.rowid, c.id, c.document_id, c.kb_id, c.ordinal, d.title, c.text, c.heading_path, c.token_count, c.source_url
         FROM kb_chunks c JOIN kb_documents d ON d.id = c.document_id
         WHERE c.app_id = ? AND c.kb_id = ? AND c.document_id = ? ORDER BY c.ordinal LIMIT ? OFFSET ?`,
      )
      .all(appId, kbId, documentId, page.limit ?? 1000, page.offset ?? 0) as ChunkRow[]
    return rows.map(toChunk)
  }

  async countChunks(appId: string, kbId: string): Promise<number> {
    return (this.db.prepare('SELECT count(*) AS n FROM kb_chunks WHERE app_id = ? AND kb_id = ?').get(appId, kbId) as { n: number }).n
  }

  async searchLexical(appId: string, kbIds: string[], terms: QueryTerm[], limit: number, filters: SearchFilters = {}): Promise<ScoredChunk[]> {
    if (terms.length === 0 || kbIds.length === 0) return []
    const scopes = kbIds.map((kbId) => `"${scopeToken(kbId)}"`).join(' OR ')
    const words = terms.map((term) => `"${term.term.replaceAll('"', '""')}"`).join(' OR ')
    const match = `scope : (${scopes}) AND index_text : (${words})`
    const { sql: filterSql, params: filterParams } = filterClause(filters)
    // CROSS JOIN keeps the FTS hits as the outer loop: left to itself the planner walks every chunk
    // of the knowledge base by its (app_id, kb_id) index and probes the hits (50 ms at 10k chunks).
    const rows = this.db
      .prepare(
        `SELECT c.rowid, c.id, c.document_id, c.kb_id, c.ordinal, d.title, c.text, c.heading_path, c.token_count, c.source_url, f.rank AS rank
         FROM (SELECT rowid, bm25(kb_chunks_fts, 1.0, 0.0) AS rank FROM kb_chunks_fts WHERE kb_chunks_fts MATCH ? ORDER BY rank LIMIT ?) f
         CROSS JOIN kb_chunks c ON c.rowid = f.rowid
         JOIN kb_documents d ON d.id = c.document_id
         WHERE c.app_id = ? AND c.kb_id IN (${kbIds.map(() => '?').join(', ')}) ${filterSql}
         ORDER BY f.rank LIMIT ?`,
      )
      .all(match, filterSql === '' ? limit : Math.max(limit * 20, 1000), appId, ...kbIds, ...filterParams, limit) as (ChunkRow & { rank: number })[]
    return rows.map((row) => ({ ...toChunk(row), score: -row.rank }))
  }

  async searchVector(appId: string, kbIds: string[], vector: Float32Array, limit: number, filters: SearchFilters = {}): Promise<ScoredChunk[]> {
    if (kbIds.length === 0) return []
    const { sql: filterSql, params: filterParams } = filterClause(filters)
    const select = `SELECT c.rowid, c.id, c.document_id, c.kb_id, c.ordinal, d.title, c.text, c.heading_path, c.token_count, c.source_url
      FROM kb_chunks c JOIN kb_documents d ON d.id = c.document_id
      WHERE c.app_id = ? AND c.kb_id IN (${kbIds.map(() => '?').join(', ')}) ${filterSql}`
    if (this.vectorIndex && filterSql === '') {
      const hits = kbIds.flatMap((kbId) => this.vectorIndex!.query(kbId, vector, limit))
      if (hits.length === 0) return []
      const distance = new Map(hits.map((hit) => [hit.rowid, hit.distance]))
      const rows = this.db
        .prepare(`${select} AND c.rowid IN (${hits.map(() => '?').join(', ')})`)
        .all(appId, ...kbIds, ...hits.map((hit) => hit.rowid)) as ChunkRow[]
      return rows
        .map((row) => ({ ...toChunk(row), score: 1 - distance.get(row.rowid)! }))
        .sort((a, b) => b.score - a.score)
        .slice(0, limit)
    }
    // Exact cosine over the (filtered) chunks: the fallback, and the precise path under filters.
    const rows = this.db
      .prepare(`SELECT c.rowid, c.embedding FROM kb_chunks c JOIN kb_documents d ON d.id = c.document_id
        WHERE c.app_id = ? AND c.kb_id IN (${kbIds.map(() => '?').join(', ')}) ${filterSql} AND c.embedding IS NOT NULL`)
      .all(appId, ...kbIds, ...filterParams) as { rowid: number; embedding: Buffer }[]
    const queryNorm = norm(vector)
    const scored = rows
      .map((row) => {
        const candidate = new Float32Array(row.embedding.buffer, row.embedding.byteOffset, row.embedding.byteLength / 4)
        return { rowid: row.rowid, score: candidate.length === vector.length ? dot(vector, candidate) / (queryNorm * norm(candidate) || 1) : -1 }
      })
      .filter((hit) => hit.score > -1)
      .sort((a, b) => b.score - a.score)
      .slice(0, limit)
    if (scored.length === 0) return []
    const byRowid = new Map(
      (
        this.db.prepare(`${select} AND c.rowid IN (${scored.map(() => '?').join(', ')})`).all(appId, ...kbIds, ...filterParams, ...scored.map((hit) => hit.rowid)) as ChunkRow[]
      ).map((row) => [row.rowid, row]),
    )
    return scored.flatMap((hit) => {
      const row = byRowid.get(hit.rowid)
      return row ? [{ ...toChunk(row), score: hit.score }] : []
    })
  }

  async enqueueJob(job: JobRecord): Promise<void> {
    this.db
      .prepare('INSERT INTO kb_jobs (id, app_id, kb_id, document_id, status, attempts, run_after, last_error) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(job.id, job.appId, job.kbId, job.documentId, job.status, job.attempts, job.runAfter, job.lastError ?? null)
  }

  async claimJobs(limit: number, now: number): Promise<JobRecord[]> {
    if (limit <= 0) return []
    return this.db.transaction(() => {
      const rows = this.db
        .prepare(
          `SELECT * FROM kb_jobs WHERE status = 'queued' AND run_after <= ?
             AND document_id NOT IN (SELECT document_id FROM kb_jobs WHERE status = 'processing')
           ORDER BY run_after, rowid LIMIT ?`,
        )
        .all(now, limit * 4) as { id: string; app_id: string; kb_id: string; document_id: string; attempts: number; run_after: number; last_error: string | null }[]
      const claim = this.db.prepare("UPDATE kb_jobs SET status = 'processing', attempts = attempts + 1 WHERE id = ? AND status = 'queued'")
      // One job per document at a time, so an update never races an older ingestion of the same document.
      const documents = new Set<string>()
      return rows.flatMap((row) => {
        if (documents.size >= limit || documents.has(row.document_id)) return []
        documents.add(row.document_id)
        if (claim.run(row.id).changes === 0) return []
        const job: JobRecord = {
          id: row.id,
          appId: row.app_id,
          kbId: row.kb_id,
          documentId: row.document_id,
          status: 'processing',
          attempts: row.attempts + 1,
          runAfter: row.run_after,
        }
        if (row.last_error !== null) job.lastError = row.last_error
        return [job]
      })
    })()
  }

  async finishJob(id: string, outcome: Parameters<KnowledgeStore['finishJob']>[1]): Promise<void> {
    if (outcome.status === 'done') this.db.prepare('DELETE FROM kb_jobs WHERE id = ?').run(id)
    else if (outcome.status === 'failed') this.db.prepare("UPDATE kb_jobs SET status = 'failed', last_error = ? WHERE id = ?").run(outcome.error, id)
    else this.db.prepare("UPDATE kb_jobs SET status = 'queued', run_after = ?, last_error = ? WHERE id = ?").run(outcome.runAfter, outcome.error, id)
  }

  async deleteQueuedJobs(appId: string, documentId: string): Promise<void> {
    this.db.prepare("DELETE FROM kb_jobs WHERE app_id = ? AND document_id = ? AND status IN ('queued', 'failed')").run(appId, documentId)
  }

  async requeueInterruptedJobs(): Promise<number> {
    return this.db.prepare("UPDATE kb_jobs SET status = 'queued' WHERE status = 'processing'").run().changes
  }

  async nextJobDue(): Promise<number | undefined> {
    const row = this.db.prepare("SELECT min(run_after) AS due FROM kb_jobs WHERE status = 'queued'").get() as { due: number | null }
    return row.due ?? undefined
  }
}

/** The FTS token that scopes a chunk to its knowledge base (ids reduced to letters and digits). */
function scopeToken(kbId: string): string {
  return 'kb' + kbId.toLowerCase().replace(/[^a-z0-9]/g, '')
}

function filterClause(filters: SearchFilters): { sql: string; params: unknown[] } {
  const parts: string[] = []
  const params: unknown[] = []
  if (filters.documentIds && filters.documentIds.length > 0) {
    parts.push(`c.document_id IN (${filters.documentIds.map(() => '?').join(', ')})`)
    params.push(...filters.documentIds)
  }
  if (filters.tags && filters.tags.length > 0) {
    parts.push(`EXISTS (SELECT 1 FROM json_each(d.tags) WHERE json_each.value IN (${filters.tags.map(() => '?').join(', ')}))`)
    params.push(...filters.tags)
  }
  return { sql: parts.map((part) => `AND ${part}`).join(' '), params }
}

