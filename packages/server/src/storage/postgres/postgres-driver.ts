/**
 * The subset of `pg` the PostgreSQL storage uses, so the storage interface does not depend on the
 * package's types and SQLite-only users never load it (the package is imported lazily).
 */
export interface PgQueryResult<Row = Record<string, unknown>> {
  rows: Row[]
  rowCount: number | null
}

/** Anything that runs a parameterised query: the pool or one checked-out client. */
export interface PgQueryable {
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<PgQueryResult<Row>>
}

/** A client checked out of the pool, for transactions. */
export interface PgClient extends PgQueryable {
  release(error?: Error | boolean): void
}

/** A `pg.Pool`, as far as Warbler uses it. */
export interface PgPool extends PgQueryable {
  connect(): Promise<PgClient>
  end(): Promise<void>
  on(event: 'error', listener: (error: Error) => void): unknown
}

/** How to reach the database: the URL plus what Warbler reads from its query string. */
export interface PgConnectionOptions {
  /** `postgres://user@host:port/db`. The query parameters `schema` and `pool_size` are Warbler's own. */
  url: string
  /** Schema for every table (created when missing); default `public`. Overrides `?schema=` in the URL. */
  schema?: string
  /** Maximum connections in this node's pool; default 10. Overrides `?pool_size=` in the URL. */
  poolSize?: number
}

const INT8_OID = 20
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/

/** Splits Warbler's own query parameters off a database URL. */
export function parseDatabaseUrl(options: PgConnectionOptions): { connectionString: string; schema: string; poolSize: number } {
  const url = new URL(options.url)
  const schema = options.schema ?? url.searchParams.get('schema') ?? 'public'
  const poolSize = options.poolSize ?? Number(url.searchParams.get('pool_size') ?? 10)
  url.searchParams.delete('schema')
  url.searchParams.delete('pool_size')
  if (!SCHEMA_NAME.test(schema)) throw new Error(`Invalid PostgreSQL schema name "${schema}" (lower-case letters, digits, _).`)
  if (!Number.isInteger(poolSize) || poolSize < 1) throw new Error(`Invalid pool_size "${poolSize}": a positive integer.`)
  return { connectionString: url.toString(), schema, poolSize }
}

/**
 * Opens a `pg` pool whose connections all use the given schema. BIGINT columns (timestamps) come
 * back as JavaScript numbers: every value Warbler stores in one is below 2^53.
 */
export async function openPgPool(options: PgConnectionOptions): Promise<{ pool: PgPool; schema: string }> {
  const { connectionString, schema, poolSize } = parseDatabaseUrl(options)
  const pg = (await import('pg')).default
  const bootstrap = new pg.Client({ connectionString })
  await bootstrap.connect()
  try {
    if (schema !== 'public') await bootstrap.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`)
  } catch (error) {
    // Another node created it at the same moment.
    if ((error as { code?: string }).code !== '23505') throw error
  } finally {
    await bootstrap.end()
  }
  const pool = new pg.Pool({
    connectionString,
    max: poolSize,
    // Fail a query after 10 s without a free connection (PostgreSQL down): /readyz and sends answer
    // with an error instead of queueing forever.
    connectionTimeoutMillis: 10_000,
    keepAlive: true,
    // Only for a non-default schema: PgBouncer refuses the `options` startup parameter by default.
    ...(schema === 'public' ? {} : { options: `-c search_path=${schema}` }),
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
  })
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => {})
  return { pool: pool as unknown as PgPool, schema }
}

/** Runs `work` in a transaction on one client, committing on success and rolling back on error. */
export async function inTransaction<T>(pool: PgPool, work: (client: PgClient) => Promise<T>): Promise<T> {
  const client = await pool.connect()
  let broken = false
  try {
    await client.query('BEGIN')
    const result = await work(client)
    await client.query('COMMIT')
    return result
  } catch (error) {
    try {
      await client.query('ROLLBACK')
    } catch {
      broken = true
    }
    throw error
  } finally {
    client.release(broken)
  }
}

/** The SQLSTATE of a `pg` error, if any. */
export function pgErrorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null ? (error as { code?: string }).code : undefined
}
