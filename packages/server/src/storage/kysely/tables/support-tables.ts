/**
 * The tables of customer service (issue 15: agents, hand-offs, notes, canned replies, SLA, CSAT), as Kysely sees them. Columns in snake_case; timestamps are epoch
 * milliseconds; JSON columns are TEXT; flags are `boolean | number` (0/1 on SQLite).
 * Merged into {@link import('../database.js').Database}.
 */
export interface SupportTables {
  /** `teams` is a JSON array of team names. */
  support_agents: {
    app_id: string
    user_id: string
    capacity: number
    teams: string
    availability: string
    open_count: number
    last_assigned_at: number | null
    created_at: number
    updated_at: number
  }
  support_states: {
    app_id: string
    conversation_id: string
    customer_id: string | null
    status: string
    assignee_id: string | null
    team: string | null
    priority: string
    reason: string | null
    summary: string | null
    case_id: string | null
    queued_at: number | null
    assigned_at: number | null
    first_response_at: number | null
    resolved_at: number | null
    snoozed_until: number | null
    first_response_breached: boolean | number
    resolution_breached: boolean | number
    created_at: number
    updated_at: number
  }
  support_cases: {
    app_id: string
    id: string
    conversation_id: string
    reason: string
    team: string | null
    priority: string
    assignee_id: string | null
    queued_at: number
    first_response_at: number | null
    resolved_at: number | null
  }
  support_notes: { app_id: string; id: string; conversation_id: string; author_id: string; text: string; created_at: number }
  support_canned_replies: { app_id: string; id: string; shortcut: string; text: string; created_at: number; updated_at: number }
  support_csat: {
    app_id: string
    case_id: string
    conversation_id: string
    user_id: string
    rating: number
    comment: string | null
    assignee_id: string | null
    team: string | null
    resolved_at: number
    created_at: number
  }
  support_settings: { app_id: string; settings: string; updated_at: number }
}
