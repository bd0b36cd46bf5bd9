import type { SqliteDatabase } from './sqlite-database.js'

/** Versioned schema steps, applied in order once each, recorded in `kb_migrations`. */
export const MIGRATIONS: { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'knowledge bases, documents, chunks, sources, jobs',
    sql: `
      CREATE TABLE kb_knowledge_bases (
        id TEXT PRIMARY KEY,
        app_id TEXT NOT NULL,
        name TEXT NOT NULL,
        settings TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX kb_knowledge_bases_app ON kb_knowledge_bases (app_id, created_at);
      CREATE TABLE kb_documents (
        id TEXT PRIMARY KEY,
        app_id TEXT NOT NULL,
        kb_id TEXT NOT NULL,
        title TEXT NOT NULL,
        tags TEXT NOT NULL DEFAULT '[]',
        source TEXT NOT NULL,
        status TEXT NOT NULL,
        progress REAL NOT NULL DEFAULT 0,
        chunk_count INTEGER NOT NULL DEFAULT 0,
        content_chars INTEGER NOT NULL DEFAULT 0,
        error TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX kb_documents_kb ON kb_documents (app_id, kb_id, created_at);
      CREATE TABLE kb_chunks (
        rowid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        app_id TEXT NOT NULL,
        kb_id TEXT NOT NULL,
        document_id TEXT NOT NULL,
        ordinal INTEGER NOT NULL,
        text TEXT NOT NULL,
        heading_path TEXT NOT NULL,
        token_count INTEGER NOT NULL,
        source_url TEXT,
        index_text TEXT NOT NULL,
        embedding BLOB
      );
      CREATE INDEX kb_chunks_document ON kb_chunks (app_id, document_id, ordinal);
      CREATE INDEX kb_chunks_kb ON kb_chunks (app_id, kb_id);
      -- Contentless FTS5 over the pre-tokenized column; scope holds the knowledge base token so a
      -- search touches only its own knowledge base's postings.
      CREATE VIRTUAL TABLE kb_chunks_fts USING fts5(
        index_text, scope, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0'
      );
      CREATE TABLE kb_sources (
        document_id TEXT NOT NULL,
        app_id TEXT NOT NULL,
        part INTEGER NOT NULL,
        data BLOB NOT NULL,
        PRIMARY KEY (document_id, part)
      );
      CREATE TABLE kb_jobs (
        id TEXT PRIMARY KEY,
        app_id TEXT NOT NULL,
        kb_id TEXT NOT NULL,
        document_id TEXT NOT NULL,
        status TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        run_after INTEGER NOT NULL,
        last_error TEXT
      );
      CREATE INDEX kb_jobs_due ON kb_jobs (status, run_after);
      CREATE INDEX kb_jobs_document ON kb_jobs (document_id);
    `,
  },
]

/** Applies pending migrations in one transaction each. */
export function runMigrations(db: SqliteDatabase): void {
  db.exec('CREATE TABLE IF NOT EXISTS kb_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)')
  const applied = new Set((db.prepare('SELECT version FROM kb_migrations').all() as { version: number }[]).map((row) => row.version))
  for (const migration of MIGRATIONS) {
    if (applied.has(migration.version)) continue
    db.transaction(() => {
      db.exec(migration.sql)
      db.prepare('INSERT INTO kb_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        migration.version,
        migration.name,
        new Date().toISOString(),
      )
    })()
  }
}
