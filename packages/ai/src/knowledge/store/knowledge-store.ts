import type { QueryTerm } from '../tokenize/tokenize.js'

/** Where a document's content comes from; kept so a failed ingestion can be retried. */
export type DocumentSource =
  | { kind: 'text'; format: 'markdown' | 'text' | 'html' }
  | { kind: 'file'; filename: string; contentType: string }
  | { kind: 'url'; url: string; crawl?: { depth: number; maxPages: number } }

/** Ingestion state of a document. */
export type DocumentStatus = 'queued' | 'processing' | 'ready' | 'failed'

/** Chunking settings of a knowledge base. */
export interface KnowledgeBaseSettings {
  targetTokens: number
  overlapTokens: number
  maxTokens: number
}

/** A knowledge base row. */
export interface KnowledgeBaseRecord {
  id: string
  appId: string
  name: string
  settings: KnowledgeBaseSettings
  createdAt: string
}

/** A document row. */
export interface DocumentRecord {
  id: string
  appId: string
  kbId: string
  title: string
  tags: string[]
  source: DocumentSource
  status: DocumentStatus
  /** 0..1 */
  progress: number
  chunkCount: number
  /** Characters of extracted text, once parsed. */
  contentChars: number
  error?: string
  createdAt: string
  updatedAt: string
}

/** What the ingestion worker writes for each chunk. */
export interface NewChunk {
  id: string
  ordinal: number
  text: string
  headingPath: string[]
  tokenCount: number
  sourceUrl?: string
  /** The pre-tokenized, space-joined lexical index text (see `toIndexText`). */
  indexText: string
  embedding?: Float32Array
}

/** A chunk as read back. */
export interface ChunkRecord {
  id: string
  documentId: string
  kbId: string
  ordinal: number
  title: string
  text: string
  headingPath: string[]
  tokenCount: number
  sourceUrl?: string
}

/** A chunk with a retrieval score (higher is better). */
export interface ScoredChunk extends ChunkRecord {
  score: number
}

/** Restricts a search to some documents or tags (a chunk matches if its document has any tag). */
export interface SearchFilters {
  documentIds?: string[]
  tags?: string[]
}

/** A persisted ingestion job. */
export interface JobRecord {
  id: string
  appId: string
  kbId: string
  documentId: string
  status: 'queued' | 'processing' | 'done' | 'failed'
  attempts: number
  /** Epoch milliseconds before which the job is not run (backoff). */
  runAfter: number
  lastError?: string
}

/** A page of a listing. */
export interface Page {
  limit?: number
  offset?: number
}

/**
 * Storage of knowledge bases, documents, chunks, source bytes and ingestion jobs. Every method
 * takes the app id and never reads or writes another app's rows. Implementations: `sqlite/`
 * (embedded default); a PostgreSQL one can be checked with `describeKnowledgeStore`.
 */
export interface KnowledgeStore {
  /** Creates or upgrades the schema; safe to call on every start. */
  migrate(): Promise<void>

  createKnowledgeBase(record: KnowledgeBaseRecord): Promise<void>
  getKnowledgeBase(appId: string, kbId: string): Promise<KnowledgeBaseRecord | undefined>
  listKnowledgeBases(appId: string): Promise<KnowledgeBaseRecord[]>
  /** Deletes the knowledge base with its documents, chunks, sources and jobs. */
  deleteKnowledgeBase(appId: string, kbId: string): Promise<boolean>

  createDocument(record: DocumentRecord): Promise<void>
  getDocument(appId: string, kbId: string, documentId: string): Promise<DocumentRecord | undefined>
  listDocuments(appId: string, kbId: string, page?: Page): Promise<DocumentRecord[]>
  updateDocument(
    appId: string,
    documentId: string,
    patch: Partial<Pick<DocumentRecord, 'title' | 'tags' | 'source' | 'status' | 'progress' | 'chunkCount' | 'contentChars' | 'error'>>,
  ): Promise<void>
  /** Deletes the document, every chunk of it, its source and its jobs. */
  deleteDocument(appId: string, kbId: string, documentId: string): Promise<boolean>

  /** Replaces the source bytes of a document, consuming the stream part by part. Returns the byte count. */
  writeSource(appId: string, documentId: string, data: AsyncIterable<Uint8Array>, maxBytes: number): Promise<number>
  /** Streams the source bytes back. */
  readSource(appId: string, documentId: string): AsyncIterable<Uint8Array>
  deleteSource(appId: string, documentId: string): Promise<void>

  /** Atomically replaces every chunk of a document (lexical and vector index included). */
  replaceChunks(appId: string, kbId: string, documentId: string, chunks: NewChunk[]): Promise<void>
  listChunks(appId: string, kbId: string, documentId: string, page?: Page): Promise<ChunkRecord[]>
  countChunks(appId: string, kbId: string): Promise<number>

  /** BM25 over the pre-tokenized index text; best first. */
  searchLexical(appId: string, kbIds: string[], terms: QueryTerm[], limit: number, filters?: SearchFilters): Promise<ScoredChunk[]>
  /** Nearest chunks by cosine similarity (score = similarity); best first. */
  searchVector(appId: string, kbIds: string[], vector: Float32Array, limit: number, filters?: SearchFilters): Promise<ScoredChunk[]>

  enqueueJob(job: JobRecord): Promise<void>
  /** Marks up to `limit` due queued jobs as processing and returns them, oldest first. */
  claimJobs(limit: number, now: number): Promise<JobRecord[]>
  /** Ends a job: done, failed for good, or back to queued after `runAfter`. */
  finishJob(id: string, outcome: { status: 'done' } | { status: 'failed'; error: string } | { status: 'queued'; runAfter: number; error: string }): Promise<void>
  /** Drops a document's jobs that are not running (before queueing a newer ingestion of it). */
  deleteQueuedJobs(appId: string, documentId: string): Promise<void>
  /** Puts jobs left `processing` by a crash back in the queue; returns how many. */
  requeueInterruptedJobs(): Promise<number>
  /** The earliest `runAfter` of a queued job, if any. */
  nextJobDue(): Promise<number | undefined>
}
