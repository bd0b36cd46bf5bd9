import { ResourceId } from '@warbler/protocol'
import { z } from 'zod'
import { listPage, listSchema } from '../../http/list-envelope.js'
import { CurationAnswer, SourceAnswer, SourceItemsAnswer, SourceRunAnswer, SourceWithRunAnswer } from './source-answers.js'
import { defineRoute, type RouteSpec } from '../../http/route.js'
import type { KnowledgeSourceService } from './source-service.js'

const KbParams = z.object({ appId: ResourceId, kbId: z.string().min(1).max(64) })
const SourceParams = KbParams.extend({ sourceId: z.string().min(1).max(64) })
const Patterns = z.array(z.string().min(1).max(500)).max(50).optional()
const SourceBody = z.object({
  kind: z.enum(['sitemap', 'site', 'rss', 'atom', 'fastgpt-api']),
  url: z.string().min(1).max(2048),
  everyMinutes: z.number().int().nullable().optional(),
  include: Patterns,
  exclude: Patterns,
  depth: z.number().int().optional(),
  maxPages: z.number().int().optional(),
  basePath: z.string().max(500).optional(),
  token: z.string().max(4096).optional(),
  paused: z.boolean().optional(),
})
const SourcePatch = z.object({
  status: z.enum(['active', 'paused']).optional(),
  everyMinutes: z.number().int().nullable().optional(),
  include: Patterns,
  exclude: Patterns,
  depth: z.number().int().optional(),
  maxPages: z.number().int().optional(),
  token: z.string().max(4096).nullable().optional(),
})
const CurationBody = z.object({
  documentId: z.string().min(1).max(64),
  chunkId: z.string().min(1).max(64).optional(),
  action: z.enum(['edit', 'disable', 'pin']),
  text: z.string().max(8000).optional(),
  question: z.string().max(1000).optional(),
  answer: z.string().max(8000).optional(),
})

/** Drops keys whose value is undefined (zod's optional fields), for exactOptionalPropertyTypes. */
function defined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as never
}

/**
 * REST of knowledge sources (app secret or operator key): sources of a knowledge base, sync now,
 * runs, and curations of passages.
 */
export function knowledgeSourceRoutes(service: KnowledgeSourceService): RouteSpec[] {
  const base = '/api/v1/apps/:appId/knowledge-bases/:kbId'
  return [
    defineRoute({
      method: 'POST', url: `${base}/sources`, tag: 'knowledge', auth: 'app', params: KbParams, body: SourceBody, status: 201,
      summary: 'Add a source that stays in sync (sitemap, site, rss, atom, fastgpt-api); its first sync is queued.',
      response: SourceWithRunAnswer,
      handler: async ({ params, body }) => service.create(params.appId, params.kbId, defined(body)),
    }),
    defineRoute({
      method: 'GET', url: `${base}/sources`, tag: 'knowledge', auth: 'app', params: KbParams,
      summary: 'List the sources of a knowledge base.',
      response: listSchema(SourceAnswer, { legacyKey: 'sources' }),
      handler: async ({ params }) => listPage(await service.list(params.appId, params.kbId), null, 'sources'),
    }),
    defineRoute({
      method: 'GET', url: `${base}/sources/:sourceId`, tag: 'knowledge', auth: 'app', params: SourceParams,
      summary: 'A source with its latest run.',
      response: SourceWithRunAnswer,
      handler: async ({ params }) => service.get(params.appId, params.kbId, params.sourceId),
    }),
    defineRoute({
      method: 'PATCH', url: `${base}/sources/:sourceId`, tag: 'knowledge', auth: 'app', params: SourceParams, body: SourcePatch,
      summary: 'Pause or resume a source, or change its schedule, patterns, limits or token.',
      response: SourceAnswer,
      handler: async ({ params, body }) => service.update(params.appId, params.kbId, params.sourceId, defined(body)),
    }),
    defineRoute({
      method: 'DELETE', url: `${base}/sources/:sourceId`, tag: 'knowledge', auth: 'app', params: SourceParams,
      summary: 'Delete a source and remove its documents from the knowledge base.',
      response: z.object({ deleted: z.literal(true), documents: z.number().int() }),
      handler: async ({ params }) => service.delete(params.appId, params.kbId, params.sourceId),
    }),
    defineRoute({
      method: 'POST', url: `${base}/sources/:sourceId/sync`, tag: 'knowledge', auth: 'app', params: SourceParams, status: 202,
      summary: 'Sync a source now; answers the run { id, status }.',
      response: z.object({ id: z.string(), status: SourceRunAnswer.shape.status }),
      handler: async ({ params }) => service.sync(params.appId, params.kbId, params.sourceId),
    }),
    defineRoute({
      method: 'GET', url: `${base}/sources/:sourceId/runs`, tag: 'knowledge', auth: 'app', params: SourceParams,
      query: z.object({ limit: z.coerce.number().int().min(1).max(100).optional() }),
      summary: 'The runs of a source, newest first: status, progress, added, updated, deleted, unchanged, failed and per-document errors.',
      response: listSchema(SourceRunAnswer, { legacyKey: 'runs' }),
      handler: async ({ params, query }) => listPage((await service.runs(params.appId, params.kbId, params.sourceId, query.limit)).runs, null, 'runs'),
    }),
    defineRoute({
      method: 'GET', url: `${base}/sources/:sourceId/runs/:runId`, tag: 'knowledge', auth: 'app', params: SourceParams.extend({ runId: z.string().min(1).max(64) }),
      summary: 'One run of a source.',
      response: SourceRunAnswer,
      handler: async ({ params }) => service.run(params.appId, params.kbId, params.sourceId, params.runId),
    }),
    defineRoute({
      method: 'GET', url: `${base}/sources/:sourceId/items`, tag: 'knowledge', auth: 'app', params: SourceParams,
      query: z.object({ limit: z.coerce.number().int().min(1).max(1000).optional(), offset: z.coerce.number().int().min(0).optional() }),
      summary: 'What a source has synced: each item with its URL, document, validators and consecutive "not found" answers.',
      openapi: { description: 'Pass `next` back as `offset` for the next page; `total` counts every item.' },
      response: SourceItemsAnswer,
      handler: async ({ params, query }) => {
        const page = await service.items(params.appId, params.kbId, params.sourceId, defined(query))
        const end = (query.offset ?? 0) + page.items.length
        return { ...page, ...listPage(page.items, end < page.total ? end : null) }
      },
    }),
    defineRoute({
      method: 'POST', url: `${base}/curations`, tag: 'knowledge', auth: 'app', params: KbParams, body: CurationBody, status: 201,
      summary: 'Curate a passage: edit a chunk, disable it, or pin a Q&A pair; kept across re-syncs while the text is unchanged.',
      response: CurationAnswer,
      handler: async ({ params, body }) => service.curate(params.appId, params.kbId, defined(body)),
    }),
    defineRoute({
      method: 'GET', url: `${base}/curations`, tag: 'knowledge', auth: 'app', params: KbParams,
      query: z.object({ documentId: z.string().max(64).optional(), needsReview: z.enum(['true', 'false']).optional() }),
      summary: 'Curations of a knowledge base; needsReview=true lists those whose passage changed.',
      response: listSchema(CurationAnswer, { legacyKey: 'curations' }),
      handler: async ({ params, query }) => {
        const { curations } = await service.curations(params.appId, params.kbId, { ...(query.documentId ? { documentId: query.documentId } : {}), ...(query.needsReview ? { needsReview: query.needsReview === 'true' } : {}) })
        return listPage(curations, null, 'curations')
      },
    }),
    defineRoute({
      method: 'PATCH', url: `${base}/curations/:curationId`, tag: 'knowledge', auth: 'app', params: KbParams.extend({ curationId: z.string().min(1).max(64) }),
      body: z.object({ needsReview: z.literal(false) }),
      summary: 'Mark a curation reviewed.',
      response: CurationAnswer,
      handler: async ({ params }) => service.review(params.appId, params.kbId, params.curationId),
    }),
    defineRoute({
      method: 'DELETE', url: `${base}/curations/:curationId`, tag: 'knowledge', auth: 'app', params: KbParams.extend({ curationId: z.string().min(1).max(64) }),
      summary: 'Delete a curation (a synced document is rebuilt from its source on the next sync).',
      response: z.object({ deleted: z.literal(true) }),
      handler: async ({ params }) => service.uncurate(params.appId, params.kbId, params.curationId),
    }),
  ]
}
