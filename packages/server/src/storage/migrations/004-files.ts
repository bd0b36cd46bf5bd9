import type { Migration } from './migration.js'

/** Metadata of uploaded files (the bytes live in the file storage: local disk or S3). */
export const filesSchema: Migration = {
  version: 4,
  name: 'files',
  sqlite: `
    CREATE TABLE files (
      app_id TEXT NOT NULL REFERENCES apps(id),
      id TEXT NOT NULL,
      conversation_id TEXT NOT NULL,
      uploader_id TEXT,
      name TEXT NOT NULL,
      mime TEXT NOT NULL,
      size INTEGER NOT NULL,
      sha256 TEXT NOT NULL,
      width INTEGER,
      height INTEGER,
      storage_key TEXT NOT NULL,
      thumbnail_key TEXT,
      created_at INTEGER NOT NULL,
      PRIMARY KEY (app_id, id)
    ) WITHOUT ROWID;
    CREATE INDEX files_by_conversation ON files (app_id, conversation_id, created_at);
  `,
  postgres: `
    CREATE TABLE files (
      app_id TEXT NOT NULL REFERENCES apps(id),
      id TEXT NOT NULL,
      conversation_id TEXT NOT NULL,
      uploader_id TEXT,
      name TEXT NOT NULL,
      mime TEXT NOT NULL,
      size BIGINT NOT NULL,
      sha256 TEXT NOT NULL,
      width INTEGER,
      height INTEGER,
      storage_key TEXT NOT NULL,
      thumbnail_key TEXT,
      created_at BIGINT NOT NULL,
      PRIMARY KEY (app_id, id)
    );
    CREATE INDEX files_by_conversation ON files (app_id, conversation_id, created_at);
  `,
}
