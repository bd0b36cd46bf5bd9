import { z } from 'zod'

/**
 * The knowledge store keeps its times as ISO strings; the API answers epoch milliseconds like every
 * other resource (docs/decisions.md, "One list shape, epoch-ms times"). A time that does not parse is
 * answered as 0 rather than `NaN`, which JSON would turn into `null`.
 */
export function epochMs(iso: string): number {
  const ms = Date.parse(iso)
  return Number.isFinite(ms) ? ms : 0
}

/** A knowledge base as the API answers it. */
export const KnowledgeBaseView = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.number().int().describe('Epoch milliseconds.'),
  chunkCount: z.number().int().optional().describe('Only when reading one knowledge base.'),
})

/** Where a document's text came from. */
const DocumentSourceView = z.union([
  z.object({ kind: z.literal('text'), format: z.enum(['markdown', 'text', 'html']) }),
  z.object({ kind: z.literal('file'), filename: z.string(), contentType: z.string() }),
  z.object({ kind: z.literal('url'), url: z.string(), crawl: z.object({ depth: z.number().int(), maxPages: z.number().int() }).optional() }),
])

/** A knowledge-base document with its ingestion status, as the API answers it. */
export const KnowledgeDocumentView = z.object({
  id: z.string(),
  knowledgeBaseId: z.string(),
  title: z.string(),
  tags: z.array(z.string()),
  status: z.enum(['queued', 'processing', 'ready', 'failed']),
  progress: z.number(),
  chunkCount: z.number().int(),
  source: DocumentSourceView,
  error: z.string().optional(),
  createdAt: z.number().int().describe('Epoch milliseconds.'),
  updatedAt: z.number().int().describe('Epoch milliseconds.'),
})

/** One chunk of a document, in order: what a bot can read. */
export const ChunkView = z.object({ id: z.string(), ordinal: z.number().int(), headingPath: z.array(z.string()), text: z.string(), tokenCount: z.number().int() })

/** One search hit, with what a bot needs to cite it. */
export const SearchResultView = z.object({
  chunkId: z.string(),
  documentId: z.string(),
  knowledgeBaseId: z.string(),
  title: z.string(),
  text: z.string(),
  score: z.number(),
  headingPath: z.array(z.string()),
  sourceUrl: z.string().optional(),
})

/** A knowledge base with its `createdAt` in epoch ms. */
export function toKnowledgeBaseView<T extends { createdAt: string }>(kb: T): Omit<T, 'createdAt'> & { createdAt: number } {
  return { ...kb, createdAt: epochMs(kb.createdAt) }
}

/** A document with `createdAt`/`updatedAt` in epoch ms. */
export function toDocumentView<T extends { createdAt: string; updatedAt: string }>(document: T): Omit<T, 'createdAt' | 'updatedAt'> & { createdAt: number; updatedAt: number } {
  return { ...document, createdAt: epochMs(document.createdAt), updatedAt: epochMs(document.updatedAt) }
}
