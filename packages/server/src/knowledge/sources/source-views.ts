import type { KnowledgeSourceRecord, KnowledgeSourceRunRecord, KnowledgeCurationRecord } from '../../storage/knowledge-source-store.js'

/** A run as the API shows it. */
export interface SourceRunView {
  id: string
  sourceId: string
  status: KnowledgeSourceRunRecord['status']
  trigger: KnowledgeSourceRunRecord['trigger']
  /** 0..1 */
  progress: number
  queuedAt: number
  startedAt: number | null
  finishedAt: number | null
  added: number
  updated: number
  deleted: number
  unchanged: number
  failed: number
  /** Per-document errors (at most 100), in human words. */
  errors: KnowledgeSourceRunRecord['errors']
  /** Why the whole run failed. */
  error?: string
  /** Requests sent, conditional ones, 304 answers, duration. */
  stats?: Record<string, unknown>
}

/** A source as the API shows it: never its secret, only whether it has one. */
export interface SourceView {
  id: string
  knowledgeBaseId: string
  kind: string
  url: string
  include?: string[]
  exclude?: string[]
  depth?: number
  maxPages?: number
  basePath?: string
  hasToken: boolean
  everyMinutes: number | null
  status: KnowledgeSourceRecord['status']
  nextRunAt: number | null
  consecutiveFailures: number
  lastRunId: string | null
  createdAt: number
  updatedAt: number
}

/** The API view of a source. */
export function toSourceView(record: KnowledgeSourceRecord): SourceView {
  const settings = record.settings as { url: string; include?: string[]; exclude?: string[]; depth?: number; maxPages?: number; basePath?: string }
  return {
    id: record.id,
    knowledgeBaseId: record.kbId,
    kind: record.kind,
    url: settings.url,
    ...(settings.include ? { include: settings.include } : {}),
    ...(settings.exclude ? { exclude: settings.exclude } : {}),
    ...(settings.depth !== undefined ? { depth: settings.depth } : {}),
    ...(settings.maxPages !== undefined ? { maxPages: settings.maxPages } : {}),
    ...(settings.basePath !== undefined ? { basePath: settings.basePath } : {}),
    hasToken: record.sealedSecret !== null,
    everyMinutes: record.everyMinutes,
    status: record.status,
    nextRunAt: record.nextRunAt,
    consecutiveFailures: record.consecutiveFailures,
    lastRunId: record.lastRunId,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  }
}

/** The API view of a run. */
export function toRunView(run: KnowledgeSourceRunRecord): SourceRunView {
  return {
    id: run.id,
    sourceId: run.sourceId,
    status: run.status,
    trigger: run.trigger,
    progress: run.progress,
    queuedAt: run.queuedAt,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    added: run.added,
    updated: run.updated,
    deleted: run.deleted,
    unchanged: run.unchanged,
    failed: run.failed,
    errors: run.errors,
    ...(run.error !== null ? { error: run.error } : {}),
    ...(run.stats !== null ? { stats: run.stats } : {}),
  }
}

/** The API view of a curation. */
export function toCurationView(curation: KnowledgeCurationRecord) {
  return {
    id: curation.id,
    knowledgeBaseId: curation.kbId,
    documentId: curation.documentId,
    action: curation.action,
    ...(curation.text !== null ? { text: curation.text } : {}),
    ...(curation.question !== null ? { question: curation.question } : {}),
    ...(curation.answer !== null ? { answer: curation.answer } : {}),
    needsReview: curation.needsReview,
    createdAt: curation.createdAt,
    updatedAt: curation.updatedAt,
  }
}
