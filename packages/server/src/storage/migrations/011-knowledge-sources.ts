import { writtenOnce } from './written-once.js'

/** Knowledge sources that stay in sync: sources, their items, their runs, and curations of passages. */
export const knowledgeSourcesSchema = writtenOnce(11, 'knowledge-sources', (schema, types) => [
  schema
    .createTable('knowledge_sources')
    .addColumn('app_id', 'text', (column) => column.notNull())
    .addColumn('id', 'text', (column) => column.notNull())
    .addColumn('kb_id', 'text', (column) => column.notNull())
    .addColumn('kind', 'text', (column) => column.notNull())
    .addColumn('settings', 'text', (column) => column.notNull())
    .addColumn('sealed_secret', 'text')
    .addColumn('every_minutes', 'integer')
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('checkpoint', 'text')
    .addColumn('next_run_at', types.bigint)
    .addColumn('consecutive_failures', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('last_run_id', 'text')
    .addColumn('created_at', types.bigint, (column) => column.notNull())
    .addColumn('updated_at', types.bigint, (column) => column.notNull())
    .addPrimaryKeyConstraint('knowledge_sources_pk', ['app_id', 'id']),
  schema.createIndex('knowledge_sources_by_kb').on('knowledge_sources').columns(['app_id', 'kb_id']),
  schema.createIndex('knowledge_sources_due').on('knowledge_sources').columns(['status', 'next_run_at']),
  schema
    .createTable('knowledge_source_items')
    .addColumn('app_id', 'text', (column) => column.notNull())
    .addColumn('source_id', 'text', (column) => column.notNull())
    .addColumn('item_id', 'text', (column) => column.notNull())
    .addColumn('document_id', 'text')
    .addColumn('url', 'text')
    .addColumn('etag', 'text')
    .addColumn('last_modified', 'text')
    .addColumn('version', 'text')
    .addColumn('content_hash', 'text')
    .addColumn('text_hash', 'text')
    .addColumn('missing_count', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('updated_at', types.bigint, (column) => column.notNull())
    .addPrimaryKeyConstraint('knowledge_source_items_pk', ['app_id', 'source_id', 'item_id']),
  schema
    .createTable('knowledge_source_runs')
    .addColumn('app_id', 'text', (column) => column.notNull())
    .addColumn('id', 'text', (column) => column.notNull())
    .addColumn('source_id', 'text', (column) => column.notNull())
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('trigger', 'text', (column) => column.notNull())
    .addColumn('progress', 'real', (column) => column.notNull().defaultTo(0))
    .addColumn('added', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('updated', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('deleted', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('unchanged', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('failed', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('errors', 'text', (column) => column.notNull())
    .addColumn('stats', 'text')
    .addColumn('error', 'text')
    .addColumn('queued_at', types.bigint, (column) => column.notNull())
    .addColumn('started_at', types.bigint)
    .addColumn('finished_at', types.bigint)
    .addPrimaryKeyConstraint('knowledge_source_runs_pk', ['app_id', 'id']),
  schema.createIndex('knowledge_source_runs_by_source').on('knowledge_source_runs').columns(['app_id', 'source_id', 'queued_at']),
  schema.createIndex('knowledge_source_runs_by_status').on('knowledge_source_runs').columns(['status', 'queued_at']),
  schema
    .createTable('knowledge_curations')
    .addColumn('app_id', 'text', (column) => column.notNull())
    .addColumn('id', 'text', (column) => column.notNull())
    .addColumn('kb_id', 'text', (column) => column.notNull())
    .addColumn('document_id', 'text', (column) => column.notNull())
    .addColumn('chunk_hash', 'text')
    .addColumn('action', 'text', (column) => column.notNull())
    .addColumn('text', 'text')
    .addColumn('question', 'text')
    .addColumn('answer', 'text')
    .addColumn('needs_review', types.boolean, (column) => column.notNull().defaultTo(types.falseValue))
    .addColumn('created_at', types.bigint, (column) => column.notNull())
    .addColumn('updated_at', types.bigint, (column) => column.notNull())
    .addPrimaryKeyConstraint('knowledge_curations_pk', ['app_id', 'id']),
  schema.createIndex('knowledge_curations_by_document').on('knowledge_curations').columns(['app_id', 'document_id']),
  schema.createIndex('knowledge_curations_by_kb').on('knowledge_curations').columns(['app_id', 'kb_id']),
])
