import type { PgQueryable } from './postgres-database.js'

/**
 * pgvector, when the database offers it: an untyped `vector` column next to the float32 `embedding`
 * bytes (which stay the source of truth), searched exactly in the database with the cosine distance
 * operator `<=>`. Without the extension the store falls back to exact cosine in process.
 */
export class PostgresVectorIndex {
  private constructor() {}

  /** Creates the extension and column when pgvector is available; undefined (exact cosine in JS) otherwise. */
  static async tryEnable(db: PgQueryable, log?: (message: string) => void): Promise<PostgresVectorIndex | undefined> {
    const { rows } = await db.query<{ available: boolean }>("SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'vector') AS available")
    if (!rows[0]?.available) {
      log?.('pgvector is not available in this PostgreSQL; vector search uses exact cosine in process')
      return undefined
    }
    try {
      await db.query('CREATE EXTENSION IF NOT EXISTS vector')
      await db.query('ALTER TABLE kb_chunks ADD COLUMN IF NOT EXISTS embedding_vector vector')
      return new PostgresVectorIndex()
    } catch (error) {
      log?.(`pgvector could not be enabled (${(error as Error).message}); vector search uses exact cosine in process`)
      return undefined
    }
  }

  /** The literal pgvector parses: `[1,2,3]`. */
  static literal(vector: Float32Array): string {
    return `[${Array.from(vector).join(',')}]`
  }
}
