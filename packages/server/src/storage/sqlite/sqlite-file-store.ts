import type { FileRecord, FileStore } from '../file-store.js'
import type { SqliteDatabase, SqliteStatement } from './sqlite-driver.js'
import { toFile, type FileRow } from '../rows/file-row.js'

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
    return toFile(row)
  }

  async delete(appId: string, fileId: string): Promise<boolean> {
    return this.remove.run(appId, fileId).changes > 0
  }
}
