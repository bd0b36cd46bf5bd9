import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { compileSchemaStep, writtenOnce, type SchemaStep } from './written-once.js'

const step: SchemaStep = (schema, types) => [
  schema
    .createTable('widgets')
    .addColumn('app_id', 'text', (column) => column.notNull())
    .addColumn('id', 'text', (column) => column.notNull())
    .addColumn('created_at', types.bigint, (column) => column.notNull())
    .addColumn('hidden', types.boolean, (column) => column.notNull().defaultTo(types.falseValue))
    .addPrimaryKeyConstraint('widgets_pk', ['app_id', 'id']),
  schema.createIndex('widgets_by_time').on('widgets').columns(['app_id', 'created_at']),
]

describe('migrations written once', () => {
  it('compiles one step to each engine, with the types that differ in kind', () => {
    const migration = writtenOnce(99, 'widgets', step)
    expect(migration.sqlite).toContain('"created_at" integer not null')
    expect(migration.sqlite).toContain('"hidden" integer default 0 not null')
    expect(migration.postgres).toContain('"created_at" bigint not null')
    expect(migration.postgres).toContain('"hidden" boolean default false not null')
    expect(migration.postgres).toContain('create index "widgets_by_time" on "widgets" ("app_id", "created_at");')
  })

  it('refuses a statement that would need bound parameters', () => {
    const withParameter: SchemaStep = (schema) => [
      schema.createTable('t').addColumn('a', 'text', (column) => column.check(sql`a <> ${'x'}`)),
    ]
    expect(() => compileSchemaStep(withParameter, 'sqlite')).toThrow(/may not take parameters/)
  })
})
