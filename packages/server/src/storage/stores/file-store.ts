import type { FileRecord, FileStore } from '../file-store.js'
import { toFile } from '../rows/file-row.js'
import type { StoreDatabase } from '../kysely/store-database.js'

/** File metadata, on either engine. */
export class SqlFileStore implements FileStore {
  constructor(private readonly store: StoreDatabase) {}

  async create(file: FileRecord): Promise<void> {
    await this.store.db
      .insertInto('files')
      .values({
        app_id: file.appId,
        id: file.id,
        conversation_id: file.conversationId,
        uploader_id: file.uploaderId,
        name: file.name,
        mime: file.mime,
        size: file.size,
        sha256: file.sha256,
        width: file.width,
        height: file.height,
        storage_key: file.storageKey,
        thumbnail_key: file.thumbnailKey,
        created_at: file.createdAt,
      })
      .execute()
  }

  async get(appId: string, fileId: string): Promise<FileRecord | undefined> {
    const row = await this.store.db.selectFrom('files').selectAll().where('app_id', '=', appId).where('id', '=', fileId).executeTakeFirst()
    return row && toFile(row)
  }

  async delete(appId: string, fileId: string): Promise<boolean> {
    const result = await this.store.db.deleteFrom('files').where('app_id', '=', appId).where('id', '=', fileId).executeTakeFirst()
    return result.numDeletedRows > 0n
  }
}
