import type { EmbeddingModel } from '../../providers/model-types.js'
import type { DocumentChunk } from '../chunk/chunk-document.js'
import { chunkIndexText } from '../ingest/chunk-index-text.js'
import { newId } from '../ids.js'
import { chunkWithinLimits } from '../parse/parse-and-chunk.js'
import type { DocumentLimits } from '../parse/document-limits.js'
import type { ParsedDocument } from '../parse/parsed-document.js'
import { embedValues } from '../retrieve/embed-values.js'
import type { DocumentRecord, KnowledgeBaseRecord, KnowledgeStore, NewChunk } from '../store/knowledge-store.js'
import { applyCurations, type Curation } from './curation.js'

/** The tag every document of a source carries (`source:src_…`), so searches can keep to a source. */
export function sourceTag(sourceId: string): string {
  return `source:${sourceId}`
}

/** What writing one synced document reports about its curations. */
export interface WrittenDocument {
  documentId: string
  chunkCount: number
  /** Curations whose passage changed, now flagged for review. */
  needsReview: string[]
  applied: string[]
}

/**
 * Writes synced items into a knowledge base directly (the sync is the job: it already holds the
 * content, so nothing is queued or fetched again): chunks within the document limits, applies
 * curations, embeds when a model is set, and swaps the chunks in one transaction.
 */
export class SyncedDocuments {
  constructor(
    private readonly deps: { store: KnowledgeStore; limits: DocumentLimits; embeddingModel?: EmbeddingModel },
  ) {}

  /** The document limits in force (the parser of synced items uses them too). */
  get limits(): DocumentLimits {
    return this.deps.limits
  }

  /** Creates or replaces the document of an item; `documentId` is the item's document, if it has one. */
  async write(
    kb: KnowledgeBaseRecord,
    input: { sourceId: string; url: string; title: string; document: ParsedDocument; documentId?: string; curations: readonly Curation[]; signal?: AbortSignal },
  ): Promise<WrittenDocument> {
    const { store } = this.deps
    const made = chunkWithinLimits(input.document, kb.settings, this.deps.limits)
    const { chunks, needsReview, applied } = applyCurations(made, input.curations)
    const now = new Date().toISOString()
    let documentId = input.documentId
    const existing = documentId ? await store.getDocument(kb.appId, kb.id, documentId) : undefined
    if (!existing) {
      documentId = newId('doc')
      const record: DocumentRecord = {
        id: documentId,
        appId: kb.appId,
        kbId: kb.id,
        title: input.title,
        tags: [sourceTag(input.sourceId)],
        source: { kind: 'url', url: input.url },
        status: 'processing',
        progress: 0,
        chunkCount: 0,
        contentChars: 0,
        createdAt: now,
        updatedAt: now,
      }
      await store.createDocument(record)
    }
    const newChunks = await this.toNewChunks(input.title, chunks, input.signal)
    await store.replaceChunks(kb.appId, kb.id, documentId!, newChunks)
    await store.updateDocument(kb.appId, documentId!, {
      status: 'ready',
      title: input.title,
      source: { kind: 'url', url: input.url },
      progress: 1,
      chunkCount: newChunks.length,
      contentChars: chunks.reduce((sum, chunk) => sum + chunk.text.length, 0),
      error: undefined,
    })
    return { documentId: documentId!, chunkCount: newChunks.length, needsReview, applied }
  }

  /**
   * Replaces a document's chunks with these (a curation applied to what is indexed now): they are
   * indexed, and embedded when a model is set, as a sync would.
   */
  async rewrite(kb: KnowledgeBaseRecord, documentId: string, chunks: DocumentChunk[], title: string): Promise<number> {
    const newChunks = await this.toNewChunks(title, chunks)
    await this.deps.store.replaceChunks(kb.appId, kb.id, documentId, newChunks)
    await this.deps.store.updateDocument(kb.appId, documentId, { chunkCount: newChunks.length })
    return newChunks.length
  }

  /** Removes an item's document and its chunks from retrieval. */
  async remove(appId: string, kbId: string, documentId: string): Promise<void> {
    await this.deps.store.deleteDocument(appId, kbId, documentId)
  }

  private async toNewChunks(title: string, chunks: readonly DocumentChunk[], signal?: AbortSignal): Promise<NewChunk[]> {
    const newChunks: NewChunk[] = chunks.map((chunk, ordinal) => ({
      id: newId('chk'),
      ordinal,
      text: chunk.text,
      headingPath: chunk.headingPath,
      tokenCount: chunk.tokenCount,
      indexText: chunkIndexText(title, chunks, ordinal),
      ...(chunk.sourceUrl !== undefined ? { sourceUrl: chunk.sourceUrl } : {}),
    }))
    if (this.deps.embeddingModel && chunks.length > 0) {
      const vectors = await embedValues(this.deps.embeddingModel, chunks.map((chunk) => [title, ...chunk.headingPath, chunk.text].join('\n')), signal)
      vectors.forEach((vector, index) => (newChunks[index]!.embedding = vector))
    }
    return newChunks
  }
}
