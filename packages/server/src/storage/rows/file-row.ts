import type { FileRecord } from '../file-store.js'

/** A `files` row. */
export interface FileRow {
  app_id: string
  id: string
  conversation_id: string
  uploader_id: string | null
  name: string
  mime: string
  size: number
  sha256: string
  width: number | null
  height: number | null
  storage_key: string
  thumbnail_key: string | null
  created_at: number
}

/** Turns a `files` row into the record the storage API returns. */
export const toFile = (row: FileRow): FileRecord => ({
  appId: row.app_id,
  id: row.id,
  conversationId: row.conversation_id,
  uploaderId: row.uploader_id,
  name: row.name,
  mime: row.mime,
  size: row.size,
  sha256: row.sha256,
  width: row.width,
  height: row.height,
  storageKey: row.storage_key,
  thumbnailKey: row.thumbnail_key,
  createdAt: row.created_at,
})
