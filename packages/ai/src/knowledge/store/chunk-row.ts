import type { ChunkRecord } from './knowledge-store.js'

/** The columns of a `kb_chunks` row every backend reads the same way (the row id type differs). */
export interface ChunkColumns {
  id: string
  document_id: string
  kb_id: string
  ordinal: number
  title: string
  text: string
  heading_path: string
  token_count: number
  source_url: string | null
}

/** Turns a `kb_chunks` row into the record the store API returns. */
export function toChunk(row: ChunkColumns): ChunkRecord {
  const chunk: ChunkRecord = {
    id: row.id,
    documentId: row.document_id,
    kbId: row.kb_id,
    ordinal: row.ordinal,
    title: row.title,
    text: row.text,
    headingPath: JSON.parse(row.heading_path),
    tokenCount: row.token_count,
  }
  if (row.source_url !== null) chunk.sourceUrl = row.source_url
  return chunk
}
