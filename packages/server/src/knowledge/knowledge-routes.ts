import { ResourceId } from '@warbler/protocol'
import { z } from 'zod'
import type { ServerContext } from '../server-context.js'
import { listPage, listSchema } from '../http/list-envelope.js'
import { defineRoute } from '../http/route.js'
import { ChunkView, KnowledgeBaseView, KnowledgeDocumentView, SearchResultView, toDocumentView, toKnowledgeBaseView } from './knowledge-views.js'

const AppParams = z.object({ appId: ResourceId })
const KbParams = z.object({ appId: ResourceId, kbId: z.string().min(1).max(64) })
const DocParams = KbParams.extend({ docId: z.string().min(1).max(64) })
const PageQuery = z.object({ limit: z.coerce.number().int().min(1).max(1000).optional(), offset: z.coerce.number().int().min(0).optional() })
const TextContent = z.object({ title: z.string(), text: z.string(), format: z.enum(['markdown', 'text', 'html']).optional() })
const UrlContent = z.object({ url: z.string(), title: z.string().optional(), crawl: z.object({ depth: z.number().int(), maxPages: z.number().int() }).optional() })
const Tags = z.array(z.string()).optional()

/** JSON body of `POST .../documents`: inline text or a URL (multipart uploads are handled in `knowledge-upload.ts`). */
export const AddDocumentJson = z.union([TextContent.extend({ tags: Tags }), UrlContent.extend({ tags: Tags })])

/** Turns the JSON body of an add or update into KnowledgeService content. */
export function toDocumentContent(body: z.infer<typeof AddDocumentJson>) {
  if ('url' in body) {
    return { kind: 'url' as const, url: body.url, ...(body.title ? { title: body.title } : {}), ...(body.crawl ? { crawl: body.crawl } : {}) }
  }
  return { kind: 'text' as const, title: body.title, text: body.text, ...(body.format ? { format: body.format } : {}) }
}

/** Knowledge-base REST routes (app secret or operator key): bases, documents, chunks, search. */
export function knowledgeRoutes(context: ServerContext) {
  const base = '/api/v1/apps/:appId/knowledge-bases'
  return [
    defineRoute({
      method: 'POST',
      url: base,
      summary: 'Create a knowledge base.',
      tag: 'knowledge',
      auth: 'app',
      openapi: { examples: { request: { name: 'Help center' } } },
      params: AppParams,
      body: z.object({ name: z.string(), chunking: z.object({ targetTokens: z.number(), maxTokens: z.number(), overlapTokens: z.number() }).partial().optional() }),
      status: 201,
      response: KnowledgeBaseView,
      handler: async ({ params, body }) => toKnowledgeBaseView(await context.knowledge.createKnowledgeBase(params.appId, body)),
    }),
    defineRoute({
      method: 'GET',
      url: base,
      summary: 'List knowledge bases.',
      tag: 'knowledge',
      auth: 'app',
      params: AppParams,
      response: listSchema(KnowledgeBaseView, { legacyKey: 'knowledgeBases' }),
      handler: async ({ params }) => listPage((await context.knowledge.listKnowledgeBases(params.appId)).map(toKnowledgeBaseView), null, 'knowledgeBases'),
    }),
    defineRoute({
      method: 'GET',
      url: `${base}/:kbId`,
      summary: 'Read a knowledge base (with its chunk count).',
      tag: 'knowledge',
      auth: 'app',
      params: KbParams,
      response: KnowledgeBaseView,
      handler: async ({ params }) => toKnowledgeBaseView(await context.knowledge.getKnowledgeBase(params.appId, params.kbId)),
    }),
    defineRoute({
      method: 'DELETE',
      url: `${base}/:kbId`,
      summary: 'Delete a knowledge base with its documents and chunks.',
      tag: 'knowledge',
      auth: 'app',
      params: KbParams,
      response: z.object({ deleted: z.literal(true) }),
      handler: async ({ params }) => {
        await context.knowledge.deleteKnowledgeBase(params.appId, params.kbId)
        return { deleted: true as const }
      },
    }),
    defineRoute({
      method: 'GET',
      url: `${base}/:kbId/documents`,
      summary: 'List documents, oldest first.',
      tag: 'knowledge',
      auth: 'app',
      params: KbParams,
      query: PageQuery,
      openapi: { description: 'Pass `next` back as `offset` for the next page.' },
      response: listSchema(KnowledgeDocumentView, { legacyKey: 'documents' }),
      handler: async ({ params, query }) => {
        const documents = (await context.knowledge.listDocuments(params.appId, params.kbId, query)).map(toDocumentView)
        const end = (query.offset ?? 0) + documents.length
        return listPage(documents, query.limit !== undefined && documents.length === query.limit ? end : null, 'documents')
      },
    }),
    defineRoute({
      method: 'GET',
      url: `${base}/:kbId/documents/:docId`,
      summary: 'A document and its ingestion status: queued, processing, ready or failed.',
      tag: 'knowledge',
      auth: 'app',
      params: DocParams,
      response: KnowledgeDocumentView,
      handler: async ({ params }) => toDocumentView(await context.knowledge.getDocument(params.appId, params.kbId, params.docId)),
    }),
    defineRoute({
      method: 'PUT',
      url: `${base}/:kbId/documents/:docId`,
      summary: 'Change a document: title, tags, or new content (re-ingested in the background).',
      tag: 'knowledge',
      auth: 'app',
      params: DocParams,
      body: z.object({ title: z.string().optional(), tags: Tags, text: z.string().optional(), format: z.enum(['markdown', 'text', 'html']).optional(), url: z.string().optional() }),
      response: KnowledgeDocumentView,
      handler: async ({ params, body }) => {
        const content =
          body.url !== undefined
            ? toDocumentContent({ url: body.url, ...(body.title ? { title: body.title } : {}) })
            : body.text !== undefined
              ? toDocumentContent({ title: body.title ?? (await context.knowledge.getDocument(params.appId, params.kbId, params.docId)).title, text: body.text, ...(body.format ? { format: body.format } : {}) })
              : undefined
        return toDocumentView(await context.knowledge.updateDocument(params.appId, params.kbId, params.docId, {
          ...(body.title !== undefined ? { title: body.title } : {}),
          ...(body.tags !== undefined ? { tags: body.tags } : {}),
          ...(content ? { content } : {}),
        }))
      },
    }),
    defineRoute({
      method: 'DELETE',
      url: `${base}/:kbId/documents/:docId`,
      summary: 'Delete a document and its chunks.',
      tag: 'knowledge',
      auth: 'app',
      params: DocParams,
      response: z.object({ deleted: z.literal(true) }),
      handler: async ({ params }) => {
        await context.knowledge.deleteDocument(params.appId, params.kbId, params.docId)
        return { deleted: true as const }
      },
    }),
    defineRoute({
      method: 'POST',
      url: `${base}/:kbId/documents/:docId/reindex`,
      summary: 'Ingest a document again from its stored source (file, text or URL); its passages stay searchable until the new ones replace them.',
      tag: 'knowledge',
      auth: 'app',
      params: DocParams,
      status: 202,
      response: KnowledgeDocumentView,
      handler: async ({ params }) => toDocumentView(await context.knowledge.reindexDocument(params.appId, params.kbId, params.docId)),
    }),
    defineRoute({
      method: 'GET',
      url: `${base}/:kbId/documents/:docId/chunks`,
      summary: 'The chunks of a document in order (what a bot can read).',
      tag: 'knowledge',
      auth: 'app',
      params: DocParams,
      query: PageQuery,
      openapi: { description: 'Pass `next` back as `offset` for the next page.' },
      response: listSchema(ChunkView, { legacyKey: 'chunks' }),
      handler: async ({ params, query }) => {
        const chunks = await context.knowledge.listChunks(params.appId, params.kbId, params.docId, query)
        const end = (query.offset ?? 0) + chunks.length
        return listPage(chunks.map(({ id, ordinal, headingPath, text, tokenCount }) => ({ id, ordinal, headingPath, text, tokenCount })), query.limit !== undefined && chunks.length === query.limit ? end : null, 'chunks')
      },
    }),
    defineRoute({
      method: 'POST',
      url: `${base}/:kbId/search`,
      summary: 'Search a knowledge base; results best first.',
      tag: 'knowledge',
      auth: 'app',
      openapi: { examples: { request: { query: 'How long do refunds take?', topK: 5 } } },
      params: KbParams,
      body: z.object({ query: z.string(), topK: z.number().int().optional(), tags: Tags, documentIds: z.array(z.string()).optional() }),
      response: listSchema(SearchResultView, { legacyKey: 'results' }),
      handler: async ({ params, body }) => listPage((await context.knowledge.search(params.appId, params.kbId, body)).results, null, 'results'),
    }),
  ]
}
