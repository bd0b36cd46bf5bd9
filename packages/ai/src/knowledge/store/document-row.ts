import type { DocumentRecord } from './knowledge-store.js'

/**
 * A `kb_documents` row. `tags` is JSON text in SQLite and a text array in PostgreSQL;
 * `content_chars` is a bigint PostgreSQL returns as a string.
 */
export interface DocumentRow {
  id: string
  app_id: string
  kb_id: string
  title: string
  tags: string | string[]
  source: string
  status: DocumentRecord['status']
  progress: number
  chunk_count: number
  content_chars: number | string
  error: string | null
  created_at: string
  updated_at: string
}

/** Turns a `kb_documents` row into the record the store API returns. */
export function toDocument(row: DocumentRow): DocumentRecord {
  const record: DocumentRecord = {
    id: row.id,
    appId: row.app_id,
    kbId: row.kb_id,
    title: row.title,
    tags: typeof row.tags === 'string' ? (JSON.parse(row.tags) as string[]) : row.tags,
    source: JSON.parse(row.source),
    status: row.status,
    progress: row.progress,
    chunkCount: row.chunk_count,
    contentChars: Number(row.content_chars),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
  if (row.error !== null) record.error = row.error
  return record
}
