import type { FileRecord, FileStore } from '../file-store.js'
import type { PgQueryable } from './postgres-driver.js'
import { toFile, type FileRow } from '../rows/file-row.js'

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
    return toFile(row)
  }

  async delete(appId: string, fileId: string): Promise<boolean> {
    const { rowCount } = await this.db.query('DELETE FROM files WHERE app_id = $1 AND id = $2', [appId, fileId])
    return (rowCount ?? 0) > 0
  }
}
