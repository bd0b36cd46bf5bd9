import type { FileRecord, FileStore } from '../file-store.js'
import type { SqliteDatabase, SqliteStatement } from './sqlite-driver.js'

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

/** File metadata in SQLite. */
export class SqliteFileStore implements FileStore {
  private readonly insert: SqliteStatement
  private readonly select: SqliteStatement
  private readonly remove: SqliteStatement

  constructor(db: SqliteDatabase) {
    this.insert = db.prepare(`INSERT INTO files (app_id, id, conversation_id, uploader_id, name, mime, size, sha256, width, height,
      storage_key, thumbnail_key, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    this.select = db.prepare('SELECT * FROM files WHERE app_id = ? AND id = ?')
    this.remove = db.prepare('DELETE FROM files WHERE app_id = ? AND id = ?')
  }

  async create(f: FileRecord): Promise<void> {
    this.insert.run(f.appId, f.id, f.conversationId, f.uploaderId, f.name, f.mime, f.size, f.sha256, f.width, f.height, f.storageKey, f.thumbnailKey, f.createdAt)
  }

  async get(appId: string, fileId: string): Promise<FileRecord | undefined> {
    const row = this.select.get(appId, fileId) as FileRow | undefined
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
    return this.remove.run(appId, fileId).changes > 0
  }
}
