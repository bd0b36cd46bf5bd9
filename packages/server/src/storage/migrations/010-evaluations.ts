import { writtenOnce } from './written-once.js'

/**
 * Evaluations (issue 21): feedback on bot answers (every rating kept), versioned eval sets, eval
 * runs as resumable jobs with one row per (candidate, item) answer, A/B variants of bots and the
 * variant behind each reply, and the questions bots declined (knowledge gaps).
 */
export const evaluationsSchema = writtenOnce(10, 'evaluations', (schema, types) => [
  schema
    .createTable('eval_feedback')
    .addColumn('app_id', 'text', (column) => column.notNull())
    .addColumn('id', 'text', (column) => column.notNull())
    .addColumn('conversation_id', 'text', (column) => column.notNull())
    .addColumn('seq', 'integer', (column) => column.notNull())
    .addColumn('user_id', 'text', (column) => column.notNull())
    .addColumn('rating', 'text', (column) => column.notNull())
    .addColumn('reason', 'text')
    .addColumn('comment', 'text')
    .addColumn('bot_id', 'text')
    .addColumn('question', 'text')
    .addColumn('answer', 'text')
    .addColumn('variant_id', 'text')
    .addColumn('created_at', types.bigint, (column) => column.notNull())
    .addPrimaryKeyConstraint('eval_feedback_pk', ['app_id', 'id']),
  schema.createIndex('eval_feedback_by_message').on('eval_feedback').columns(['app_id', 'conversation_id', 'seq']),
  schema.createIndex('eval_feedback_by_time').on('eval_feedback').columns(['app_id', 'created_at']),
  schema
    .createTable('eval_sets')
    .addColumn('app_id', 'text', (column) => column.notNull())
    .addColumn('id', 'text', (column) => column.notNull())
    .addColumn('name', 'text', (column) => column.notNull())
    .addColumn('version', 'integer', (column) => column.notNull())
    .addColumn('created_at', types.bigint, (column) => column.notNull())
    .addColumn('updated_at', types.bigint, (column) => column.notNull())
    .addPrimaryKeyConstraint('eval_sets_pk', ['app_id', 'id']),
  schema
    .createTable('eval_set_versions')
    .addColumn('app_id', 'text', (column) => column.notNull())
    .addColumn('set_id', 'text', (column) => column.notNull())
    .addColumn('version', 'integer', (column) => column.notNull())
    .addColumn('items', 'text', (column) => column.notNull())
    .addColumn('origin', 'text', (column) => column.notNull())
    .addColumn('created_at', types.bigint, (column) => column.notNull())
    .addPrimaryKeyConstraint('eval_set_versions_pk', ['app_id', 'set_id', 'version']),
  schema
    .createTable('eval_runs')
    .addColumn('app_id', 'text', (column) => column.notNull())
    .addColumn('id', 'text', (column) => column.notNull())
    .addColumn('set_id', 'text', (column) => column.notNull())
    .addColumn('set_version', 'integer', (column) => column.notNull())
    .addColumn('candidates', 'text', (column) => column.notNull())
    .addColumn('judge', 'text')
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('total', 'integer', (column) => column.notNull())
    .addColumn('completed', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('error', 'text')
    .addColumn('cancel_requested', types.boolean, (column) => column.notNull().defaultTo(types.falseValue))
    .addColumn('lease_owner', 'text')
    .addColumn('heartbeat_at', types.bigint)
    .addColumn('created_at', types.bigint, (column) => column.notNull())
    .addColumn('updated_at', types.bigint, (column) => column.notNull())
    .addColumn('started_at', types.bigint)
    .addColumn('finished_at', types.bigint)
    .addPrimaryKeyConstraint('eval_runs_pk', ['app_id', 'id']),
  schema.createIndex('eval_runs_by_status').on('eval_runs').columns(['status', 'created_at']),
  schema.createIndex('eval_runs_by_time').on('eval_runs').columns(['app_id', 'created_at']),
  schema
    .createTable('eval_results')
    .addColumn('app_id', 'text', (column) => column.notNull())
    .addColumn('run_id', 'text', (column) => column.notNull())
    .addColumn('candidate_index', 'integer', (column) => column.notNull())
    .addColumn('item_index', 'integer', (column) => column.notNull())
    .addColumn('answer', 'text', (column) => column.notNull())
    .addColumn('cited_document_ids', 'text', (column) => column.notNull())
    .addColumn('handoff', types.boolean, (column) => column.notNull())
    .addColumn('latency_ms', 'integer', (column) => column.notNull())
    .addColumn('input_tokens', 'integer', (column) => column.notNull())
    .addColumn('output_tokens', 'integer', (column) => column.notNull())
    .addColumn('answer_match', types.boolean, (column) => column.notNull())
    .addColumn('citation_hit', types.boolean)
    .addColumn('judge_score', 'real')
    .addColumn('error', 'text')
    .addColumn('created_at', types.bigint, (column) => column.notNull())
    .addPrimaryKeyConstraint('eval_results_pk', ['app_id', 'run_id', 'candidate_index', 'item_index']),
  schema
    .createTable('eval_variants')
    .addColumn('app_id', 'text', (column) => column.notNull())
    .addColumn('bot_id', 'text', (column) => column.notNull())
    .addColumn('variants', 'text', (column) => column.notNull())
    .addColumn('updated_at', types.bigint, (column) => column.notNull())
    .addPrimaryKeyConstraint('eval_variants_pk', ['app_id', 'bot_id']),
  schema
    .createTable('eval_variant_replies')
    .addColumn('app_id', 'text', (column) => column.notNull())
    .addColumn('conversation_id', 'text', (column) => column.notNull())
    .addColumn('seq', 'integer', (column) => column.notNull())
    .addColumn('bot_id', 'text', (column) => column.notNull())
    .addColumn('variant_id', 'text', (column) => column.notNull())
    .addColumn('user_id', 'text', (column) => column.notNull())
    .addColumn('handoff', types.boolean, (column) => column.notNull())
    .addColumn('input_tokens', 'integer', (column) => column.notNull())
    .addColumn('output_tokens', 'integer', (column) => column.notNull())
    .addColumn('latency_ms', 'integer', (column) => column.notNull())
    .addColumn('created_at', types.bigint, (column) => column.notNull())
    .addPrimaryKeyConstraint('eval_variant_replies_pk', ['app_id', 'conversation_id', 'seq']),
  schema
    .createTable('eval_declines')
    .addColumn('app_id', 'text', (column) => column.notNull())
    .addColumn('conversation_id', 'text', (column) => column.notNull())
    .addColumn('seq', 'integer', (column) => column.notNull())
    .addColumn('bot_id', 'text', (column) => column.notNull())
    .addColumn('user_id', 'text', (column) => column.notNull())
    .addColumn('question', 'text', (column) => column.notNull())
    .addColumn('reason', 'text', (column) => column.notNull())
    .addColumn('created_at', types.bigint, (column) => column.notNull())
    .addPrimaryKeyConstraint('eval_declines_pk', ['app_id', 'conversation_id', 'seq']),
  schema.createIndex('eval_declines_by_time').on('eval_declines').columns(['app_id', 'created_at']),
  schema.createIndex('eval_variant_replies_by_bot').on('eval_variant_replies').columns(['app_id', 'bot_id', 'created_at']),
])
