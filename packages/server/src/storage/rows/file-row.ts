import type { Selectable } from 'kysely'
import type { FileRecord } from '../file-store.js'
import type { Database } from '../kysely/database.js'

/** A `files` row: the record's fields in snake_case. */
export type FileRow = Selectable<Database['files']>

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
