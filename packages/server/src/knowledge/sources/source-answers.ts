import { z } from 'zod'
import { listSchema } from '../../http/list-envelope.js'
import type { SourceRunView, SourceView, toCurationView } from './source-views.js'

// The answers of the knowledge-source routes, for the API document (and so for the typed SDK);
// the views are checked against them at the bottom, at compile time.

/** A sync run of a source. */
export const SourceRunAnswer = z.object({
  id: z.string(),
  sourceId: z.string(),
  status: z.enum(['queued', 'running', 'done', 'failed']),
  trigger: z.enum(['manual', 'schedule']),
  progress: z.number().describe('0..1'),
  queuedAt: z.number().int(),
  startedAt: z.number().int().nullable(),
  finishedAt: z.number().int().nullable(),
  added: z.number().int(),
  updated: z.number().int(),
  deleted: z.number().int(),
  unchanged: z.number().int(),
  failed: z.number().int(),
  errors: z.array(z.object({ itemId: z.string(), url: z.string().optional(), error: z.string() })).describe('Per-document errors (at most 100), in human words.'),
  error: z.string().optional().describe('Why the whole run failed.'),
  stats: z.record(z.string(), z.unknown()).optional(),
})

/** A source: never its secret, only whether it has one. */
export const SourceAnswer = z.object({
  id: z.string(),
  knowledgeBaseId: z.string(),
  kind: z.string(),
  url: z.string(),
  include: z.array(z.string()).optional(),
  exclude: z.array(z.string()).optional(),
  depth: z.number().int().optional(),
  maxPages: z.number().int().optional(),
  basePath: z.string().optional(),
  hasToken: z.boolean(),
  everyMinutes: z.number().int().nullable(),
  status: z.enum(['active', 'paused']),
  nextRunAt: z.number().int().nullable(),
  consecutiveFailures: z.number().int(),
  lastRunId: z.string().nullable(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
})

/** A source with its latest run. */
export const SourceWithRunAnswer = SourceAnswer.extend({ lastRun: SourceRunAnswer.optional() })

/** A curated passage. */
export const CurationAnswer = z.object({
  id: z.string(),
  knowledgeBaseId: z.string(),
  documentId: z.string(),
  action: z.enum(['edit', 'disable', 'pin']),
  text: z.string().optional(),
  question: z.string().optional(),
  answer: z.string().optional(),
  needsReview: z.boolean(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
})

/** One item a source has synced. */
export const SourceItemAnswer = z.object({
  itemId: z.string(),
  url: z.string().nullable(),
  documentId: z.string().nullable(),
  etag: z.string().nullable(),
  lastModified: z.string().nullable(),
  version: z.string().nullable(),
  missingCount: z.number().int(),
})

/** `GET …/sources/{sourceId}/items`. */
export const SourceItemsAnswer = listSchema(SourceItemAnswer, { extra: { total: z.number().int() } })

type Fits<View extends Documented, Documented> = View
export type _SourceFits = Fits<SourceView, z.infer<typeof SourceAnswer>>
export type _RunFits = Fits<SourceRunView, z.infer<typeof SourceRunAnswer>>
export type _CurationFits = Fits<ReturnType<typeof toCurationView>, z.infer<typeof CurationAnswer>>
