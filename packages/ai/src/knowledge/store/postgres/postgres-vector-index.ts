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
      await PostgresVectorIndex.backfill(db)
      return new PostgresVectorIndex()
    } catch (error) {
      log?.(`pgvector could not be enabled (${(error as Error).message}); vector search uses exact cosine in process`)
      return undefined
    }
  }

  /**
   * Fills `embedding_vector` for chunks that have only the float32 bytes (copied by
   * `warbler migrate-data`, or written before pgvector was installed), 500 at a time.
   */
  private static async backfill(db: PgQueryable): Promise<void> {
    for (let round = 0; round < 100_000; round++) {
      const { rows } = await db.query<{ rowid: string; embedding: Buffer }>(
        'SELECT rowid, embedding FROM kb_chunks WHERE embedding IS NOT NULL AND embedding_vector IS NULL LIMIT 500',
      )
      if (rows.length === 0) return
      for (const row of rows) {
        const bytes = new Uint8Array(row.embedding)
        const vector = new Float32Array(bytes.buffer, 0, Math.floor(bytes.byteLength / 4))
        await db.query('UPDATE kb_chunks SET embedding_vector = $1::vector WHERE rowid = $2', [PostgresVectorIndex.literal(vector), row.rowid])
      }
    }
  }

  /** The literal pgvector parses: `[1,2,3]`. */
  static literal(vector: Float32Array): string {
    return `[${Array.from(vector).join(',')}]`
  }
}
