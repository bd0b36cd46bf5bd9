import { WarblerError } from '@warbler/protocol'
import type { EmbeddingModel } from '../../providers/model-types.js'
import type { DocumentChunk } from '../chunk/chunk-document.js'
import { fetchDocument } from '../fetch/crawl-site.js'
import type { GuardedFetchOptions } from '../fetch/guarded-fetch.js'
import { newId } from '../ids.js'
import type { DocumentParser } from '../parse/document-parser.js'
import type { DocumentLimits } from '../parse/document-limits.js'
import { chunkWithinLimits } from '../parse/parse-and-chunk.js'
import { detectFormat, type DocumentFormat } from '../parse/parse-file.js'
import { embedValues } from '../retrieve/embed-values.js'
import type { DocumentRecord, KnowledgeBaseRecord, KnowledgeStore, NewChunk } from '../store/knowledge-store.js'
import { chunkIndexText } from './chunk-index-text.js'

/** What the ingestion of one document needs. */
export interface IngestContext {
  store: KnowledgeStore
  embeddingModel?: EmbeddingModel
  fetchOptions: GuardedFetchOptions
  /** Parses and chunks files and texts off the event loop. */
  parser: DocumentParser
  limits: DocumentLimits
  signal?: AbortSignal
}

/**
 * Parses, chunks, indexes and (with a model) embeds one document, then swaps its chunks in one
 * transaction, so searches see either the old or the new version, never half. Progress goes
 * 0 → 0.3 (parsed) → 0.4 (chunked) → 0.95 (embedded) → 1.
 */
export async function ingestDocument(context: IngestContext, kb: KnowledgeBaseRecord, document: DocumentRecord): Promise<void> {
  const { store } = context
  const progress = (value: number) => store.updateDocument(document.appId, document.id, { progress: Math.round(value * 1000) / 1000 })
  const parsed = await parseAndChunkDocument(context, kb, document, (fetched, limit) => void progress((0.3 * fetched) / limit))
  await progress(0.3)
  const { chunks } = parsed
  const contentChars = chunks.reduce((sum, chunk) => sum + chunk.text.length, 0)
  if (chunks.length === 0) throw new WarblerError('validation_failed', 'No text could be extracted from the document (is it a scanned image?).')
  await progress(0.4)
  // A URL document named after its URL takes the page's own title once fetched.
  const title = document.source.kind === 'url' && document.title === document.source.url && parsed.title ? parsed.title : document.title
  const newChunks: NewChunk[] = chunks.map((chunk, index) => {
    const chunkRecord: NewChunk = {
      id: newId('chk'),
      ordinal: chunk.ordinal,
      text: chunk.text,
      headingPath: chunk.headingPath,
      tokenCount: chunk.tokenCount,
      indexText: chunkIndexText(title, chunks, index),
    }
    if (chunk.sourceUrl !== undefined) chunkRecord.sourceUrl = chunk.sourceUrl
    return chunkRecord
  })
  if (context.embeddingModel) {
    const inputs = chunks.map((chunk) => [title, ...chunk.headingPath, chunk.text].join('\n'))
    const vectors = await embedValues(context.embeddingModel, inputs, context.signal, (done, total) => progress(0.4 + (0.55 * done) / total))
    vectors.forEach((vector, index) => (newChunks[index]!.embedding = vector))
  }
  await store.replaceChunks(document.appId, document.kbId, document.id, newChunks)
  await store.updateDocument(document.appId, document.id, {
    status: 'ready',
    title,
    progress: 1,
    chunkCount: newChunks.length,
    contentChars,
    error: undefined,
  })
}

/**
 * Files and texts are parsed and chunked on the parser thread, within the document limits; URL
 * documents are fetched (size-capped) and chunked here within the same text and chunk limits.
 */
async function parseAndChunkDocument(
  context: IngestContext,
  kb: KnowledgeBaseRecord,
  document: DocumentRecord,
  onPage: (fetched: number, limit: number) => void,
): Promise<{ title?: string; chunks: DocumentChunk[] }> {
  const { store } = context
  const source = document.source
  if (source.kind === 'url') {
    const options = context.signal ? { ...context.fetchOptions, signal: context.signal } : context.fetchOptions
    const fetched = await fetchDocument(source.url, source.crawl, options, onPage)
    const chunks = chunkWithinLimits(fetched, kb.settings, context.limits)
    return fetched.title === undefined ? { chunks } : { title: fetched.title, chunks }
  }
  const parts: Uint8Array[] = []
  for await (const part of store.readSource(document.appId, document.id)) parts.push(part)
  const format: DocumentFormat = source.kind === 'text' ? TEXT_FORMATS[source.format]! : detectFormat(source.filename, source.contentType)
  return context.parser.parse(
    { format, data: Buffer.concat(parts), title: document.title, chunking: kb.settings, limits: context.limits },
    context.signal,
  )
}

const TEXT_FORMATS: Record<string, DocumentFormat> = { text: 'text', markdown: 'markdown', html: 'html' }
