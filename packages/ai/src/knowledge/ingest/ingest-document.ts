import { WarblerError } from '@warbler/protocol'
import type { EmbeddingModel } from '../../providers/model-types.js'
import { chunkDocument } from '../chunk/chunk-document.js'
import { fetchDocument } from '../fetch/crawl-site.js'
import type { GuardedFetchOptions } from '../fetch/guarded-fetch.js'
import { newId } from '../ids.js'
import { parseCsv } from '../parse/parse-csv.js'
import { decodeText, detectFormat, parseFile } from '../parse/parse-file.js'
import { parseHtml } from '../parse/parse-html.js'
import { parseMarkdown } from '../parse/parse-markdown.js'
import { parseText } from '../parse/parse-text.js'
import type { ParsedDocument } from '../parse/parsed-document.js'
import { embedValues } from '../retrieve/embed-values.js'
import type { DocumentRecord, KnowledgeBaseRecord, KnowledgeStore, NewChunk } from '../store/knowledge-store.js'
import { toIndexText } from '../tokenize/tokenize.js'

/** What the ingestion of one document needs. */
export interface IngestContext {
  store: KnowledgeStore
  embeddingModel?: EmbeddingModel
  fetchOptions: GuardedFetchOptions
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
  const parsed = await loadDocument(context, document, (fetched, limit) => void progress((0.3 * fetched) / limit))
  await progress(0.3)
  const chunks = chunkDocument(parsed, kb.settings)
  const contentChars = chunks.reduce((sum, chunk) => sum + chunk.text.length, 0)
  if (chunks.length === 0) throw new WarblerError('validation_failed', 'No text could be extracted from the document (is it a scanned image?).')
  await progress(0.4)
  // A URL document named after its URL takes the page's own title once fetched.
  const title = document.source.kind === 'url' && document.title === document.source.url && parsed.title ? parsed.title : document.title
  const newChunks: NewChunk[] = chunks.map((chunk) => {
    const chunkRecord: NewChunk = {
      id: newId('chk'),
      ordinal: chunk.ordinal,
      text: chunk.text,
      headingPath: chunk.headingPath,
      tokenCount: chunk.tokenCount,
      indexText: toIndexText([title, ...chunk.headingPath, chunk.text].join('\n')),
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

async function loadDocument(context: IngestContext, document: DocumentRecord, onPage: (fetched: number, limit: number) => void): Promise<ParsedDocument> {
  const { store } = context
  const source = document.source
  const readAll = async (): Promise<Uint8Array> => {
    const parts: Uint8Array[] = []
    for await (const part of store.readSource(document.appId, document.id)) parts.push(part)
    return Buffer.concat(parts)
  }
  switch (source.kind) {
    case 'text': {
      const text = decodeText(await readAll(), 'text')
      if (source.format === 'markdown') return parseMarkdown(text, document.title)
      if (source.format === 'html') return parseHtml(text, document.title)
      return parseText(text, document.title)
    }
    case 'file': {
      const format = detectFormat(source.filename, source.contentType)
      // CSV is parsed as it streams out of storage; the other formats need the whole file.
      if (format === 'csv') return parseCsv(store.readSource(document.appId, document.id), document.title)
      return parseFile(format, await readAll(), document.title)
    }
    case 'url': {
      const options = context.signal ? { ...context.fetchOptions, signal: context.signal } : context.fetchOptions
      return fetchDocument(source.url, source.crawl, options, onPage)
    }
  }
}
