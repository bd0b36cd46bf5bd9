import { WarblerError } from '@warbler/protocol'
import type { EmbeddingModel } from '../providers/model-types.js'
import { DEFAULT_CHUNK_OPTIONS } from './chunk/chunk-document.js'
import { AddressPolicy } from '../net/address-policy.js'
import type { GuardedFetchOptions } from './fetch/guarded-fetch.js'
import { newId } from './ids.js'
import { ingestDocument } from './ingest/ingest-document.js'
import { JobWorker } from './ingest/job-worker.js'
import { DocumentParser, type DocumentParserOptions } from './parse/document-parser.js'
import { DEFAULT_DOCUMENT_LIMITS, type DocumentLimits } from './parse/document-limits.js'
import type { BackoffOptions } from './ingest/backoff.js'
import { hybridSearch } from './retrieve/hybrid-search.js'
import type {
  ChunkRecord,
  DocumentRecord,
  DocumentSource,
  JobRecord,
  KnowledgeBaseRecord,
  KnowledgeBaseSettings,
  KnowledgeStore,
  Page,
} from './store/knowledge-store.js'
import type { SqliteDatabase } from './store/sqlite/sqlite-database.js'
import { SqliteKnowledgeStore } from './store/sqlite/sqlite-knowledge-store.js'
import { validateContent, validateKnowledgeBaseInput, validateTags, type DocumentContent } from './validate-input.js'

export type { DocumentContent } from './validate-input.js'

/** A minimal logger (pino, console, ...). */
export interface KnowledgeLogger {
  info(message: string): void
  warn(message: string): void
}

/** Options of {@link KnowledgeService}. */
export interface KnowledgeServiceOptions {
  /** A better-sqlite3 connection (shared with the server is fine). Ignored when `store` is given. */
  db?: SqliteDatabase
  /** Another store implementation (PostgreSQL later). */
  store?: KnowledgeStore
  /** When set, chunks are embedded and search is hybrid (BM25 + vectors, fused by RRF). */
  embeddingModel?: EmbeddingModel
  /** Ingestion jobs run at once (default 2). */
  concurrency?: number
  /** Attempts per ingestion job (default 4). */
  maxAttempts?: number
  backoff?: BackoffOptions
  /** IP addresses or CIDR ranges URL fetches may reach although private (`['127.0.0.1']`). */
  fetchAllowlist?: string[]
  /** Limits of URL fetches. */
  fetchLimits?: { maxBytes?: number; timeoutMs?: number; maxRedirects?: number }
  /** Largest accepted document source in bytes (default 50 MiB). */
  maxDocumentBytes?: number
  /** How far a document may expand when parsed (archive entries and bytes, PDF pages, text, chunks). */
  limits?: Partial<DocumentLimits>
  /** The parser processes: how many, their memory and deadline per document. */
  parser?: Omit<DocumentParserOptions, 'log'>
  /** Use sqlite-vec when it loads (default true). */
  useSqliteVec?: boolean
  logger?: KnowledgeLogger
}

/** A document as the API shows it. */
export interface DocumentView {
  id: string
  knowledgeBaseId: string
  title: string
  tags: string[]
  status: DocumentRecord['status']
  progress: number
  chunkCount: number
  source: DocumentSource
  error?: string
  createdAt: string
  updatedAt: string
}

/** One search hit, with what a bot needs to cite it. */
export interface SearchResult {
  chunkId: string
  documentId: string
  knowledgeBaseId: string
  title: string
  text: string
  score: number
  headingPath: string[]
  sourceUrl?: string
}

/** A search request. */
export interface SearchInput {
  query: string
  /** Results wanted (default 5, at most 50). */
  topK?: number
  documentIds?: string[]
  tags?: string[]
}

/**
 * Knowledge bases of every app: documents in (text, files, URLs), ingested by persisted
 * background jobs, searched lexically (CJK-aware BM25) and, with an embedding model, by vector.
 * Every method takes the app id first and never touches another app's data.
 *
 * @example
 * ```ts
 * const kb = new KnowledgeService({ db: new Database('warbler.db') })
 * await kb.start()
 * const { id } = await kb.createKnowledgeBase('app_1', { name: 'Help center' })
 * await kb.addDocument('app_1', id, { kind: 'text', title: 'Refunds', text: '# Refunds\n\nWithin 30 days.', format: 'markdown' })
 * const { results } = await kb.search('app_1', id, { query: 'refund period' })
 * await kb.stop()
 * ```
 */
export class KnowledgeService {
  readonly store: KnowledgeStore
  private readonly worker: JobWorker
  private readonly fetchOptions: GuardedFetchOptions
  private readonly maxDocumentBytes: number
  private readonly limits: DocumentLimits
  private parser: DocumentParser

  constructor(private readonly options: KnowledgeServiceOptions) {
    if (options.store) this.store = options.store
    else if (options.db) {
      const log = options.logger ? (message: string) => options.logger!.warn(message) : undefined
      this.store = new SqliteKnowledgeStore(options.db, { useSqliteVec: options.useSqliteVec ?? true, ...(log ? { log } : {}) })
    } else throw new WarblerError('validation_failed', 'KnowledgeService needs a db or a store.')
    this.maxDocumentBytes = options.maxDocumentBytes ?? 50 * 1024 * 1024
    this.limits = { ...DEFAULT_DOCUMENT_LIMITS, ...options.limits }
    this.parser = this.createParser()
    this.fetchOptions = { policy: new AddressPolicy(options.fetchAllowlist ?? []), ...options.fetchLimits }
    this.worker = new JobWorker({
      store: this.store,
      concurrency: options.concurrency ?? 2,
      ...(options.maxAttempts !== undefined ? { maxAttempts: options.maxAttempts } : {}),
      ...(options.backoff ? { backoff: options.backoff } : {}),
      process: (job, signal) => this.process(job, signal),
      onRetry: async (job, error, delayMs) => {
        options.logger?.warn(`ingestion of ${job.documentId} failed (attempt ${job.attempts}), retrying in ${delayMs} ms: ${error.message}`)
        await this.store.updateDocument(job.appId, job.documentId, { status: 'queued', error: `Attempt ${job.attempts} failed, retrying: ${error.message}` })
      },
      onFailed: async (job, error) => {
        options.logger?.warn(`ingestion of ${job.documentId} failed: ${error.message}`)
        await this.store.updateDocument(job.appId, job.documentId, { status: 'failed', error: error.message })
      },
      log: (message) => options.logger?.info(message),
    })
  }

  /** Runs migrations and resumes queued and interrupted ingestion jobs. */
  async start(): Promise<void> {
    await this.store.migrate()
    await this.worker.start()
  }

  /** Stops the worker; running jobs are aborted and resume on the next start. Parser threads end. */
  async stop(): Promise<void> {
    await this.worker.stop()
    const parser = this.parser
    this.parser = this.createParser()
    await parser.close()
  }

  /** Resolves once no ingestion job is running or due soon (tests, evaluation, CLI imports). */
  async whenIdle(): Promise<void> {
    await this.worker.idle()
  }

  /** Creates a knowledge base. `chunking` overrides the default chunk sizes (in tokens). */
  async createKnowledgeBase(
    appId: string,
    input: { name: string; chunking?: Partial<KnowledgeBaseSettings> },
  ): Promise<{ id: string; name: string; createdAt: string }> {
    const { name, settings } = validateKnowledgeBaseInput(input, DEFAULT_CHUNK_OPTIONS)
    const record: KnowledgeBaseRecord = { id: newId('kb'), appId, name, settings, createdAt: new Date().toISOString() }
    await this.store.createKnowledgeBase(record)
    return { id: record.id, name: record.name, createdAt: record.createdAt }
  }

  /** The app's knowledge bases. */
  async listKnowledgeBases(appId: string): Promise<{ id: string; name: string; createdAt: string }[]> {
    return (await this.store.listKnowledgeBases(appId)).map(({ id, name, createdAt }) => ({ id, name, createdAt }))
  }

  /** One knowledge base with its chunk count; `not_found` if it is not the app's. */
  async getKnowledgeBase(appId: string, kbId: string): Promise<{ id: string; name: string; createdAt: string; chunkCount: number }> {
    const kb = await this.requireKnowledgeBase(appId, kbId)
    return { id: kb.id, name: kb.name, createdAt: kb.createdAt, chunkCount: await this.store.countChunks(appId, kbId) }
  }

  /** Deletes a knowledge base with all its documents and chunks. */
  async deleteKnowledgeBase(appId: string, kbId: string): Promise<void> {
    if (!(await this.store.deleteKnowledgeBase(appId, kbId))) throw new WarblerError('not_found', 'The knowledge base does not exist.')
  }

  /**
   * Adds a document and queues its ingestion; answers at once with status `queued`.
   * Bad input (unknown file type, too large, invalid URL) is refused here, before queueing.
   */
  async addDocument(appId: string, kbId: string, content: DocumentContent, options: { tags?: string[] } = {}): Promise<{ id: string; status: DocumentRecord['status'] }> {
    await this.requireKnowledgeBase(appId, kbId)
    const { title, source, data } = validateContent(content)
    const tags = validateTags(options.tags ?? [])
    const now = new Date().toISOString()
    const document: DocumentRecord = {
      id: newId('doc'),
      appId,
      kbId,
      title,
      tags,
      source,
      status: 'queued',
      progress: 0,
      chunkCount: 0,
      contentChars: 0,
      createdAt: now,
      updatedAt: now,
    }
    await this.store.createDocument(document)
    try {
      if (data) await this.store.writeSource(appId, document.id, data, this.maxDocumentBytes)
    } catch (error) {
      await this.store.deleteDocument(appId, kbId, document.id)
      throw error
    }
    await this.enqueue(document)
    return { id: document.id, status: 'queued' }
  }

  /**
   * Changes a document's title or tags, and with `content` replaces its content: the new
   * version is ingested in the background and replaces the old chunks atomically when ready.
   */
  async updateDocument(
    appId: string,
    kbId: string,
    documentId: string,
    update: { title?: string; tags?: string[]; content?: DocumentContent },
  ): Promise<DocumentView> {
    const existing = await this.requireDocument(appId, kbId, documentId)
    const patch: Parameters<KnowledgeStore['updateDocument']>[2] = {}
    if (update.tags !== undefined) patch.tags = validateTags(update.tags)
    if (update.title !== undefined) {
      if (typeof update.title !== 'string' || update.title.trim() === '' || update.title.length > 500) {
        throw new WarblerError('validation_failed', 'title must be 1 to 500 characters.')
      }
      patch.title = update.title.trim()
    }
    if (update.content) {
      const { title, source, data } = validateContent(update.content)
      patch.source = source
      patch.title ??= title
      if (data) await this.store.writeSource(appId, documentId, data, this.maxDocumentBytes)
      else await this.store.deleteSource(appId, documentId)
      patch.status = 'queued'
      patch.progress = 0
      patch.error = undefined
      await this.store.deleteQueuedJobs(appId, documentId)
    }
    await this.store.updateDocument(appId, documentId, patch)
    if (update.content) await this.enqueue(existing)
    if (update.title !== undefined && !update.content && existing.chunkCount > 0) {
      // Titles are part of the indexed text: re-index so the new title is searchable.
      await this.store.deleteQueuedJobs(appId, documentId)
      await this.enqueue(existing)
    }
    return toView((await this.store.getDocument(appId, kbId, documentId))!)
  }

  /**
   * Ingests a document again from its stored source (the uploaded file, the text, or the URL,
   * fetched anew): queued at once, its current chunks kept until the new ones replace them. For a
   * failed document after a fix elsewhere, or to apply new chunking settings.
   */
  async reindexDocument(appId: string, kbId: string, documentId: string): Promise<DocumentView> {
    const existing = await this.requireDocument(appId, kbId, documentId)
    await this.store.deleteQueuedJobs(appId, documentId)
    await this.store.updateDocument(appId, documentId, { status: 'queued', progress: 0, error: undefined })
    await this.enqueue(existing)
    return toView((await this.store.getDocument(appId, kbId, documentId))!)
  }

  /** A document's status and progress; `not_found` if it is not in this app's knowledge base. */
  async getDocument(appId: string, kbId: string, documentId: string): Promise<DocumentView> {
    return toView(await this.requireDocument(appId, kbId, documentId))
  }

  /** Documents of a knowledge base, oldest first. */
  async listDocuments(appId: string, kbId: string, page: Page = {}): Promise<DocumentView[]> {
    await this.requireKnowledgeBase(appId, kbId)
    return (await this.store.listDocuments(appId, kbId, clampPage(page))).map(toView)
  }

  /** Deletes a document and every chunk of it. */
  async deleteDocument(appId: string, kbId: string, documentId: string): Promise<void> {
    if (!(await this.store.deleteDocument(appId, kbId, documentId))) throw new WarblerError('not_found', 'The document does not exist.')
  }

  /** The chunks of a document in order (for the console's "what did the bot read" view). */
  async listChunks(appId: string, kbId: string, documentId: string, page: Page = {}): Promise<ChunkRecord[]> {
    await this.requireDocument(appId, kbId, documentId)
    return this.store.listChunks(appId, kbId, documentId, clampPage(page, 1000))
  }

  /** Searches one or several of the app's knowledge bases; results are best first. */
  async search(appId: string, kbIds: string | string[], input: SearchInput): Promise<{ results: SearchResult[] }> {
    const ids = [...new Set(Array.isArray(kbIds) ? kbIds : [kbIds])]
    if (ids.length === 0) throw new WarblerError('validation_failed', 'Name at least one knowledge base.')
    for (const id of ids) await this.requireKnowledgeBase(appId, id)
    if (typeof input.query !== 'string' || input.query.trim() === '') throw new WarblerError('validation_failed', 'query must be a non-empty string.')
    if (input.query.length > 2000) throw new WarblerError('validation_failed', 'query must be at most 2,000 characters.')
    const topK = input.topK ?? 5
    if (!Number.isInteger(topK) || topK < 1 || topK > 50) throw new WarblerError('validation_failed', 'topK must be an integer from 1 to 50.')
    const filters = {
      ...(input.documentIds ? { documentIds: input.documentIds } : {}),
      ...(input.tags ? { tags: validateTags(input.tags) } : {}),
    }
    const chunks = await hybridSearch(this.store, {
      appId,
      kbIds: ids,
      query: input.query,
      topK,
      filters,
      ...(this.options.embeddingModel ? { embeddingModel: this.options.embeddingModel } : {}),
      ...(this.options.logger ? { log: (message: string) => this.options.logger!.warn(message) } : {}),
    })
    return {
      results: chunks.map((chunk) => {
        const result: SearchResult = {
          chunkId: chunk.id,
          documentId: chunk.documentId,
          knowledgeBaseId: chunk.kbId,
          title: chunk.title,
          text: chunk.text,
          score: chunk.score,
          headingPath: chunk.headingPath,
        }
        if (chunk.sourceUrl !== undefined) result.sourceUrl = chunk.sourceUrl
        return result
      }),
    }
  }

  private async enqueue(document: DocumentRecord): Promise<void> {
    const job: JobRecord = {
      id: newId('job'),
      appId: document.appId,
      kbId: document.kbId,
      documentId: document.id,
      status: 'queued',
      attempts: 0,
      runAfter: Date.now(),
    }
    await this.store.enqueueJob(job)
    this.worker.notify()
  }

  private async process(job: JobRecord, signal: AbortSignal): Promise<void> {
    const kb = await this.store.getKnowledgeBase(job.appId, job.kbId)
    const document = await this.store.getDocument(job.appId, job.kbId, job.documentId)
    if (!kb || !document) return // deleted meanwhile: nothing to do
    await this.store.updateDocument(job.appId, job.documentId, { status: 'processing', progress: 0 })
    try {
      await ingestDocument(
        {
          store: this.store,
          fetchOptions: this.fetchOptions,
          parser: this.parser,
          limits: this.limits,
          signal,
          ...(this.options.embeddingModel ? { embeddingModel: this.options.embeddingModel } : {}),
        },
        kb,
        document,
      )
    } catch (error) {
      // A document deleted while it was being ingested is not a failure.
      if (!(await this.store.getDocument(job.appId, job.kbId, job.documentId))) return
      throw error
    }
  }

  private createParser(): DocumentParser {
    const log = this.options.logger ? (message: string) => this.options.logger!.warn(message) : undefined
    return new DocumentParser({ ...this.options.parser, ...(log ? { log } : {}) })
  }

  private async requireKnowledgeBase(appId: string, kbId: string): Promise<KnowledgeBaseRecord> {
    const kb = typeof kbId === 'string' ? await this.store.getKnowledgeBase(appId, kbId) : undefined
    if (!kb) throw new WarblerError('not_found', 'The knowledge base does not exist.')
    return kb
  }

  private async requireDocument(appId: string, kbId: string, documentId: string): Promise<DocumentRecord> {
    await this.requireKnowledgeBase(appId, kbId)
    const document = await this.store.getDocument(appId, kbId, documentId)
    if (!document) throw new WarblerError('not_found', 'The document does not exist.')
    return document
  }
}

function clampPage(page: Page, max = 500): Page {
  return { limit: Math.min(Math.max(1, page.limit ?? 100), max), offset: Math.max(0, page.offset ?? 0) }
}

function toView(document: DocumentRecord): DocumentView {
  const view: DocumentView = {
    id: document.id,
    knowledgeBaseId: document.kbId,
    title: document.title,
    tags: document.tags,
    status: document.status,
    progress: document.progress,
    chunkCount: document.chunkCount,
    source: document.source,
    createdAt: document.createdAt,
    updatedAt: document.updatedAt,
  }
  if (document.error !== undefined) view.error = document.error
  return view
}
