/** The kinds of source the server syncs (`SOURCE_KINDS` of @warbler/ai), in the order the form offers them. */
export const SOURCE_KINDS = ['sitemap', 'site', 'rss', 'atom', 'fastgpt-api'] as const
/** A kind of source. */
export type SourceKind = (typeof SOURCE_KINDS)[number]

/** Schedules the server accepts, in minutes (5 minutes to a week). */
export const EVERY_MINUTES = { min: 5, max: 7 * 24 * 60, default: 360 } as const

/** A source as `GET …/knowledge-bases/{kbId}/sources` lists it (never its token). */
export interface SourceRow {
  id: string
  kind: SourceKind
  url: string
  include?: string[]
  exclude?: string[]
  hasToken: boolean
  everyMinutes: number | null
  status: 'active' | 'paused'
  nextRunAt: number | null
  consecutiveFailures: number
  lastRunId: string | null
}

/** A sync run as `GET …/sources/{sourceId}/runs` answers it. */
export interface SourceRun {
  id: string
  status: 'queued' | 'running' | 'done' | 'failed'
  trigger: 'manual' | 'schedule'
  /** From 0 to 1. */
  progress: number
  queuedAt: number
  startedAt: number | null
  finishedAt: number | null
  added: number
  updated: number
  deleted: number
  unchanged: number
  failed: number
  /** Per-document errors, in the server's words. */
  errors: Array<{ itemId: string; url?: string; error: string }>
  /** Why the whole run failed. */
  error?: string
}

/** A curation as `GET …/curations?needsReview=true` lists it. */
export interface CurationRow {
  id: string
  documentId: string
  action: 'edit' | 'disable' | 'pin'
  text?: string
  question?: string
  answer?: string
  needsReview: boolean
  updatedAt: number
}

/** What the "Add a source" form holds. */
export interface SourceDraft {
  kind: SourceKind
  url: string
  scheduled: boolean
  everyMinutes: number
  include: string
  exclude: string
  token: string
  basePath: string
}

/** A run still in progress: the console keeps polling it. */
export function isActive(run: SourceRun | undefined): boolean {
  return run?.status === 'queued' || run?.status === 'running'
}

/** Patterns typed one a line (or separated by commas) → the list the API takes. */
export function parsePatterns(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((pattern) => pattern.trim())
    .filter((pattern) => pattern !== '')
}

/**
 * The `POST …/sources` body for a draft: only what the kind reads (patterns for the web kinds, the
 * token and root folder for a FastGPT library), the schedule only when it is on.
 *
 * @example
 * ```ts
 * sourceBody({ kind: 'sitemap', url: 'https://help.example.com/sitemap.xml', scheduled: true, everyMinutes: 60, include: '', exclude: '*\/archive/*', token: '', basePath: '' })
 * // → { kind: 'sitemap', url: 'https://help.example.com/sitemap.xml', everyMinutes: 60, exclude: ['*\/archive/*'] }
 * ```
 */
export function sourceBody(draft: SourceDraft): Record<string, unknown> {
  const body: Record<string, unknown> = { kind: draft.kind, url: draft.url.trim() }
  if (draft.scheduled) body.everyMinutes = draft.everyMinutes
  if (draft.kind === 'fastgpt-api') {
    if (draft.token.trim() !== '') body.token = draft.token.trim()
    if (draft.basePath.trim() !== '') body.basePath = draft.basePath.trim()
    return body
  }
  const include = parsePatterns(draft.include)
  const exclude = parsePatterns(draft.exclude)
  if (include.length > 0) body.include = include
  if (exclude.length > 0) body.exclude = exclude
  return body
}

/** A progress bar's value in percent: a finished run is full, a queued one empty. */
export function runPercent(run: SourceRun): number {
  if (run.status === 'done') return 100
  if (run.status === 'queued') return 0
  return Math.max(0, Math.min(100, Math.round(run.progress * 100)))
}
