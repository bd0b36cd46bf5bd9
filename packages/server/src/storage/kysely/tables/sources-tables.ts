import type { Generated } from 'kysely'

/**
 * The tables of knowledge sources (issue 22: connectors, sync state), as Kysely sees them. Columns in snake_case; timestamps are epoch
 * milliseconds; JSON columns are TEXT; flags are `boolean | number` (0/1 on SQLite).
 * Merged into {@link import('../database.js').Database}.
 */
export interface SourceTables {
  /** A source of a knowledge base: what to sync, how often, and where the last run left off. */
  knowledge_sources: {
    app_id: string
    id: string
    kb_id: string
    kind: string
    /** The kind's settings as JSON (url, include/exclude, depth, maxPages, basePath). */
    settings: string
    /** The source's secret (a bearer token), sealed with the app key box; never shown. */
    sealed_secret: string | null
    every_minutes: number | null
    status: 'active' | 'paused'
    /** The connector's opaque checkpoint after the last successful run. */
    checkpoint: string | null
    next_run_at: number | null
    consecutive_failures: Generated<number>
    last_run_id: string | null
    created_at: number
    updated_at: number
  }
  /** One synced item of a source: its document, validators and hashes. */
  knowledge_source_items: {
    app_id: string
    source_id: string
    item_id: string
    document_id: string | null
    url: string | null
    etag: string | null
    last_modified: string | null
    version: string | null
    content_hash: string | null
    text_hash: string | null
    missing_count: Generated<number>
    updated_at: number
  }
  /** One sync run with its counts and per-document errors (JSON). */
  knowledge_source_runs: {
    app_id: string
    id: string
    source_id: string
    status: 'queued' | 'running' | 'done' | 'failed'
    trigger: 'manual' | 'schedule'
    progress: Generated<number>
    added: Generated<number>
    updated: Generated<number>
    deleted: Generated<number>
    unchanged: Generated<number>
    failed: Generated<number>
    errors: string
    /** Requests, conditional requests, 304s and timings as JSON. */
    stats: string | null
    error: string | null
    queued_at: number
    started_at: number | null
    finished_at: number | null
  }
  /** A manual change to a passage (edit, disable, pinned Q&A), keyed by the original chunk's hash. */
  knowledge_curations: {
    app_id: string
    id: string
    kb_id: string
    document_id: string
    chunk_hash: string | null
    action: 'edit' | 'disable' | 'pin'
    text: string | null
    question: string | null
    answer: string | null
    needs_review: Generated<boolean | number>
    created_at: number
    updated_at: number
  }
}
