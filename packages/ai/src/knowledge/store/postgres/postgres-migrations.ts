import type { PgPoolLike } from './postgres-database.js'

/**
 * Versioned schema steps of the PostgreSQL knowledge store, recorded in `kb_migrations`. Table and
 * column names match the SQLite store, so `warbler migrate-data` can copy one into the other; the
 * lexical index is a generated `tsvector` over the pre-tokenized `index_text` (GIN), so it needs no
 * copying.
 */
export const POSTGRES_KNOWLEDGE_MIGRATIONS: { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'knowledge bases, documents, chunks, sources, jobs',
    sql: `
      CREATE TABLE kb_knowledge_bases (
        id TEXT COLLATE "C" PRIMARY KEY,
        app_id TEXT COLLATE "C" NOT NULL,
        name TEXT NOT NULL,
        settings TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX kb_knowledge_bases_app ON kb_knowledge_bases (app_id, created_at);
      CREATE TABLE kb_documents (
        id TEXT COLLATE "C" PRIMARY KEY,
        app_id TEXT COLLATE "C" NOT NULL,
        kb_id TEXT COLLATE "C" NOT NULL,
        title TEXT NOT NULL,
        tags JSONB NOT NULL DEFAULT '[]',
        source TEXT NOT NULL,
        status TEXT NOT NULL,
        progress DOUBLE PRECISION NOT NULL DEFAULT 0,
        chunk_count INTEGER NOT NULL DEFAULT 0,
        content_chars BIGINT NOT NULL DEFAULT 0,
        error TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX kb_documents_kb ON kb_documents (app_id, kb_id, created_at);
      CREATE TABLE kb_chunks (
        rowid BIGSERIAL PRIMARY KEY,
        id TEXT COLLATE "C" NOT NULL UNIQUE,
        app_id TEXT COLLATE "C" NOT NULL,
        kb_id TEXT COLLATE "C" NOT NULL,
        document_id TEXT COLLATE "C" NOT NULL,
        ordinal INTEGER NOT NULL,
        text TEXT NOT NULL,
        heading_path TEXT NOT NULL,
        token_count INTEGER NOT NULL,
        source_url TEXT,
        index_text TEXT NOT NULL,
        embedding BYTEA,
        index_vector TSVECTOR GENERATED ALWAYS AS (to_tsvector('simple', index_text)) STORED
      );
      CREATE INDEX kb_chunks_document ON kb_chunks (app_id, document_id, ordinal);
      CREATE INDEX kb_chunks_kb ON kb_chunks (app_id, kb_id);
      CREATE INDEX kb_chunks_lexical ON kb_chunks USING GIN (index_vector);
      CREATE TABLE kb_sources (
        document_id TEXT COLLATE "C" NOT NULL,
        app_id TEXT COLLATE "C" NOT NULL,
        part INTEGER NOT NULL,
        data BYTEA NOT NULL,
        PRIMARY KEY (document_id, part)
      );
      CREATE TABLE kb_jobs (
        id TEXT COLLATE "C" PRIMARY KEY,
        seq BIGSERIAL NOT NULL,
        app_id TEXT COLLATE "C" NOT NULL,
        kb_id TEXT COLLATE "C" NOT NULL,
        document_id TEXT COLLATE "C" NOT NULL,
        status TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        run_after BIGINT NOT NULL,
        last_error TEXT
      );
      CREATE INDEX kb_jobs_due ON kb_jobs (status, run_after);
      CREATE INDEX kb_jobs_document ON kb_jobs (document_id);
    `,
  },
]

/**
 * Applies pending migrations, each in its own transaction, under an advisory lock so several nodes
 * starting at once migrate once.
 */
export async function runPostgresKnowledgeMigrations(pool: PgPoolLike): Promise<void> {
  const client = await pool.connect()
  const lock = "hashtext('warbler-kb-migrate:' || current_schema())"
  try {
    await client.query(`SELECT pg_advisory_lock(${lock})`)
    try {
      await client.query('CREATE TABLE IF NOT EXISTS kb_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)')
      const { rows } = await client.query<{ version: number }>('SELECT version FROM kb_migrations')
      const applied = new Set(rows.map((row) => row.version))
      for (const migration of POSTGRES_KNOWLEDGE_MIGRATIONS) {
        if (applied.has(migration.version)) continue
        await client.query('BEGIN')
        try {
          await client.query(migration.sql)
          await client.query('INSERT INTO kb_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [migration.version, migration.name, new Date().toISOString()])
          await client.query('COMMIT')
        } catch (error) {
          await client.query('ROLLBACK')
          throw error
        }
      }
    } finally {
      await client.query(`SELECT pg_advisory_unlock(${lock})`)
    }
  } finally {
    client.release()
  }
}
