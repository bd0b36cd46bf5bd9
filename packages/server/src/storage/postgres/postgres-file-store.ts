import type { FileRecord, FileStore } from '../file-store.js'
import type { PgQueryable } from './postgres-driver.js'

interface FileRow {
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

/** File metadata in PostgreSQL. */
export class PostgresFileStore implements FileStore {
  constructor(private readonly db: PgQueryable) {}

  async create(f: FileRecord): Promise<void> {
    await this.db.query(
      `INSERT INTO files (app_id, id, conversation_id, uploader_id, name, mime, size, sha256, width, height, storage_key, thumbnail_key, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [f.appId, f.id, f.conversationId, f.uploaderId, f.name, f.mime, f.size, f.sha256, f.width, f.height, f.storageKey, f.thumbnailKey, f.createdAt],
    )
  }

  async get(appId: string, fileId: string): Promise<FileRecord | undefined> {
    const { rows } = await this.db.query<FileRow>('SELECT * FROM files WHERE app_id = $1 AND id = $2', [appId, fileId])
    const row = rows[0]
    if (!row) return undefined
    return {
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
    }
  }

  async delete(appId: string, fileId: string): Promise<boolean> {
    const { rowCount } = await this.db.query('DELETE FROM files WHERE app_id = $1 AND id = $2', [appId, fileId])
    return (rowCount ?? 0) > 0
  }
}
