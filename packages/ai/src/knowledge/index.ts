/**
 * Knowledge bases: parse, chunk, index and retrieve a company's documents.
 * The server uses {@link KnowledgeService}; the rest is exported for tools and other stores.
 */
export { KnowledgeService } from './knowledge-service.js'
export type { KnowledgeServiceOptions, KnowledgeLogger, DocumentView, SearchResult, SearchInput, DocumentContent } from './knowledge-service.js'
export { OpenAICompatibleEmbeddingModel } from './embedding/openai-compatible-embedding.js'
export type { OpenAICompatibleEmbeddingSettings } from './embedding/openai-compatible-embedding.js'
export { SqliteKnowledgeStore } from './store/sqlite/sqlite-knowledge-store.js'
export type { SqliteDatabase, SqliteStatement } from './store/sqlite/sqlite-database.js'
export type * from './store/knowledge-store.js'
export { toIndexText, toQueryTerms } from './tokenize/tokenize.js'
export { queryWords, wordCoverage, type QueryWord } from './tokenize/query-words.js'
export { activeSegmenter } from './tokenize/segment-words.js'
export { assessRelevance, RELEVANCE_THRESHOLDS, type GateCandidate, type RelevanceVerdict } from './retrieve/relevance-gate.js'
export { textLanguage } from './retrieve/language-preference.js'
export { chunkDocument, DEFAULT_CHUNK_OPTIONS } from './chunk/chunk-document.js'
export type { ChunkOptions, DocumentChunk } from './chunk/chunk-document.js'
export { DocumentParser, type DocumentParserOptions } from './parse/document-parser.js'
export { DEFAULT_DOCUMENT_LIMITS, type DocumentLimits } from './parse/document-limits.js'
export { fetchResource, type FetchedResource, type GuardedFetchOptions } from './fetch/guarded-fetch.js'
export { PostgresKnowledgeStore } from './store/postgres/postgres-knowledge-store.js'
export type { PostgresKnowledgeStoreOptions } from './store/postgres/postgres-knowledge-store.js'
export type { PgPoolLike } from './store/postgres/postgres-database.js'
