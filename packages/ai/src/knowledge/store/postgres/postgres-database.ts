/**
 * The subset of a `pg` Pool the PostgreSQL knowledge store uses, so `pg` is not a dependency of
 * `@warbler/ai`: the server passes its own pool (its `search_path` selects the schema).
 */
export interface PgQueryable {
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: Row[]; rowCount: number | null }>
}

/** A client checked out of the pool, for transactions. */
export interface PgPoolClient extends PgQueryable {
  release(error?: Error | boolean): void
}

/** A `pg.Pool`, as far as the knowledge store uses it. */
export interface PgPoolLike extends PgQueryable {
  connect(): Promise<PgPoolClient>
}

/** Runs `work` in a transaction on one client. */
export async function inTransaction<T>(pool: PgPoolLike, work: (client: PgPoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect()
  let broken = false
  try {
    await client.query('BEGIN')
    const result = await work(client)
    await client.query('COMMIT')
    return result
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {
      broken = true
    })
    throw error
  } finally {
    client.release(broken)
  }
}
