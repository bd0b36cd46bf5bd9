import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type Compilable,
  type Dialect,
  type SchemaModule,
} from 'kysely'
import type { Migration } from './migration.js'

/** The engine a migration step is being compiled for. */
export type MigrationEngine = 'sqlite' | 'postgres'

/**
 * Column types that differ between the engines in kind, for the few places a step needs them.
 * Everything else (TEXT, INTEGER, REAL, indexes, keys) is written the same for both.
 */
export interface EngineTypes {
  readonly engine: MigrationEngine
  /** Epoch milliseconds and other 64-bit integers: INTEGER on SQLite, BIGINT on PostgreSQL. */
  readonly bigint: 'integer' | 'bigint'
  /** A flag: INTEGER 0/1 on SQLite, BOOLEAN on PostgreSQL. */
  readonly boolean: 'integer' | 'boolean'
  /** The default a flag column starts with, in the engine's spelling. */
  readonly falseValue: 0 | false
  /** Raw bytes: BLOB on SQLite, BYTEA on PostgreSQL. */
  readonly bytes: 'blob' | 'bytea'
}

/** A step written once: the schema statements to run, built with Kysely's schema builder. */
export type SchemaStep = (schema: SchemaModule, types: EngineTypes) => readonly Compilable[]

const compileOnly = (dialect: Omit<Dialect, 'createDriver'>): Kysely<unknown> =>
  new Kysely<unknown>({ dialect: { ...dialect, createDriver: () => new DummyDriver() } })

const COMPILERS: Record<MigrationEngine, Kysely<unknown>> = {
  sqlite: compileOnly({
    createAdapter: () => new SqliteAdapter(),
    createIntrospector: (db) => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  }),
  postgres: compileOnly({
    createAdapter: () => new PostgresAdapter(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  }),
}

const TYPES: Record<MigrationEngine, EngineTypes> = {
  sqlite: { engine: 'sqlite', bigint: 'integer', boolean: 'integer', falseValue: 0, bytes: 'blob' },
  postgres: { engine: 'postgres', bigint: 'bigint', boolean: 'boolean', falseValue: false, bytes: 'bytea' },
}

/** Compiles a step's statements for one engine into the SQL text the migrators run. */
export function compileSchemaStep(step: SchemaStep, engine: MigrationEngine): string {
  const statements = step(COMPILERS[engine].schema, TYPES[engine]).map((statement) => statement.compile())
  for (const { sql, parameters } of statements) {
    if (parameters.length > 0) throw new Error(`A schema statement may not take parameters (use sql.lit for defaults): ${sql}`)
  }
  return statements.map(({ sql }) => `${sql};`).join('\n')
}

/**
 * A migration written once for both engines. The step is compiled to each engine's SQL when the
 * module loads, so the migrators, `warbler migrate-data` and the upgrade test treat it exactly like
 * the older steps that spell out SQL per engine (versions 1–6, frozen as released).
 */
export function writtenOnce(version: number, name: string, step: SchemaStep): Migration {
  return { version, name, sqlite: compileSchemaStep(step, 'sqlite'), postgres: compileSchemaStep(step, 'postgres') }
}
