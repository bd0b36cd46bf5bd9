import type { SqliteDatabase } from './sqlite-database.js'

/**
 * The sqlite-vec index: one `vec0` table per embedding dimension (`kb_vec_<dim>`), partitioned by
 * knowledge base, keyed by the chunk rowid. The vectors' source of truth stays in
 * `kb_chunks.embedding`, so the index can be rebuilt, and search falls back to exact cosine when
 * the extension cannot load.
 */
export class SqliteVectorIndex {
  private readonly dimensions = new Set<number>()

  private constructor(private readonly db: SqliteDatabase) {
    const rows = this.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name GLOB 'kb_vec_[0-9]*'").all() as { name: string }[]
    for (const row of rows) {
      const dimension = Number(row.name.slice('kb_vec_'.length))
      if (Number.isInteger(dimension)) this.dimensions.add(dimension)
    }
  }

  /** Loads sqlite-vec into the connection; returns undefined (exact search) when it cannot. */
  static async tryLoad(db: SqliteDatabase, log?: (message: string) => void): Promise<SqliteVectorIndex | undefined> {
    if (typeof db.loadExtension !== 'function') return undefined
    try {
      try {
        db.prepare('SELECT vec_version()').get()
      } catch {
        const sqliteVec = await import('sqlite-vec')
        db.loadExtension(sqliteVec.getLoadablePath())
      }
      return new SqliteVectorIndex(db)
    } catch (error) {
      log?.(`sqlite-vec could not load; vector search uses exact cosine: ${(error as Error).message}`)
      return undefined
    }
  }

  insert(rowid: bigint, kbId: string, vector: Float32Array): void {
    const dimension = vector.length
    if (!this.dimensions.has(dimension)) {
      this.db.exec(
        `CREATE VIRTUAL TABLE IF NOT EXISTS kb_vec_${dimension} USING vec0(kb_id text partition key, embedding float[${dimension}] distance_metric=cosine)`,
      )
      this.dimensions.add(dimension)
    }
    this.db.prepare(`INSERT INTO kb_vec_${dimension} (rowid, kb_id, embedding) VALUES (?, ?, ?)`).run(rowid, kbId, vector)
  }

  delete(rowids: bigint[]): void {
    for (const dimension of this.dimensions) {
      const statement = this.db.prepare(`DELETE FROM kb_vec_${dimension} WHERE rowid = ?`)
      for (const rowid of rowids) statement.run(rowid)
    }
  }

  /** Nearest rowids in one knowledge base, with cosine distance; empty if no vector of that size exists. */
  query(kbId: string, vector: Float32Array, k: number): { rowid: number; distance: number }[] {
    if (!this.dimensions.has(vector.length)) return []
    return this.db
      .prepare(`SELECT rowid, distance FROM kb_vec_${vector.length} WHERE embedding MATCH ? AND k = ? AND kb_id = ? ORDER BY distance`)
      .all(vector, k, kbId) as { rowid: number; distance: number }[]
  }
}
