/**
 * The tables of evaluations (issue 21: feedback, eval sets and runs, A/B variants), as Kysely sees them. Columns in snake_case; timestamps are epoch
 * milliseconds; JSON columns are TEXT; flags are `boolean | number` (0/1 on SQLite).
 * Merged into {@link import('../database.js').Database}.
 */
export interface EvaluationTables {
  /** Every rating given, never overwritten: the latest per (conversation, seq, user) is the current one. */
  eval_feedback: {
    app_id: string
    id: string
    conversation_id: string
    seq: number
    user_id: string
    rating: string
    reason: string | null
    comment: string | null
    bot_id: string | null
    question: string | null
    answer: string | null
    variant_id: string | null
    created_at: number
  }
  eval_sets: { app_id: string; id: string; name: string; version: number; created_at: number; updated_at: number }
  /** `items` is a JSON array of `{ question, expected?, expectedDocumentIds?, origin? }`. */
  eval_set_versions: { app_id: string; set_id: string; version: number; items: string; origin: string; created_at: number }
  /** `candidates` and `judge` are JSON; `completed` counts finished (item, candidate) pairs. */
  eval_runs: {
    app_id: string
    id: string
    set_id: string
    set_version: number
    candidates: string
    judge: string | null
    status: string
    total: number
    completed: number
    error: string | null
    cancel_requested: boolean | number
    lease_owner: string | null
    heartbeat_at: number | null
    created_at: number
    updated_at: number
    started_at: number | null
    finished_at: number | null
  }
  /** One answer of one candidate to one item; `cited_document_ids` is a JSON array. */
  eval_results: {
    app_id: string
    run_id: string
    candidate_index: number
    item_index: number
    answer: string
    cited_document_ids: string
    handoff: boolean | number
    latency_ms: number
    input_tokens: number
    output_tokens: number
    answer_match: boolean | number
    citation_hit: boolean | number | null
    judge_score: number | null
    error: string | null
    created_at: number
  }
  /** A bot's A/B variants: `variants` is a JSON array of `{ id, weight, overrides }`. */
  eval_variants: { app_id: string; bot_id: string; variants: string; updated_at: number }
  /** The variant that made a reply, and how the reply went. */
  eval_variant_replies: {
    app_id: string
    conversation_id: string
    seq: number
    bot_id: string
    variant_id: string
    user_id: string
    handoff: boolean | number
    input_tokens: number
    output_tokens: number
    latency_ms: number
    created_at: number
  }
  /** A question a bot declined (it found nothing relevant, or handed off for missing knowledge). */
  eval_declines: { app_id: string; conversation_id: string; seq: number; bot_id: string; user_id: string; question: string; reason: string; created_at: number }
}
