import type { Generated } from 'kysely'
import type { ConversationKind, MemberRole } from '@warbler/protocol'
import type { FileRecord } from '../file-store.js'
import type { AuditActorType, ConsoleAccountRecord } from '../console-store.js'
import type { EventRecord, FriendRequestRecord, JoinRequestRecord, UserRecord } from '../storage.js'
import type { DeliveryStatus } from '../webhook-store.js'
import type { SnakeCaseRow } from '../rows/snake-case-row.js'
import type { SupportTables } from './tables/support-tables.js'
import type { ToolTables } from './tables/tools-tables.js'
import type { ComplianceTables } from './tables/compliance-tables.js'
import type { EvaluationTables } from './tables/evaluations-tables.js'
import type { SourceTables } from './tables/sources-tables.js'
import type { PushTables } from './tables/push-tables.js'

/**
 * The schema as Kysely sees it: one interface per table, columns in snake_case as the migrations
 * (`storage/migrations/`) create them. Booleans are `boolean` on PostgreSQL and `0 | 1` on SQLite
 * (the SQLite connection turns boolean parameters into 0/1; the row mappers read both). JSON
 * columns are TEXT on both engines. Timestamps are epoch milliseconds (BIGINT parsed as numbers).
 * The tables of this stage's features live in `tables/`, one file per feature, merged in here.
 * This is the one definition of each table: the row types in `rows/` are derived from it
 * (`Selectable<Database['x']>`), and `files` is itself derived from `FileRecord`.
 */
export interface Database
  extends SupportTables, ToolTables, ComplianceTables, EvaluationTables, SourceTables, PushTables {
  settings: { key: string; value: string }
  apps: { id: string; name: string; secret_hash: string; signing_key: string; created_at: number; settings: Generated<string>; deleted_at: Generated<number | null> }
  users: {
    app_id: string
    id: string
    name: string
    kind: UserRecord['kind']
    avatar_url: string | null
    ext: Generated<string>
    token_version: Generated<number>
    banned: Generated<boolean | number>
    created_at: number
  }
  conversations: {
    app_id: string
    id: string
    kind: ConversationKind
    name: string | null
    owner_id: string | null
    direct_key: string | null
    last_seq: Generated<number>
    member_count: Generated<number>
    ext: Generated<string>
    created_at: number
    settings: Generated<string>
    last_message_seq: Generated<number>
    last_activity_at: Generated<number>
    dissolved_at: number | null
  }
  members: {
    app_id: string
    conversation_id: string
    user_id: string
    role: MemberRole
    joined_at: number
    read_seq: Generated<number>
    delivered_seq: Generated<number>
    visible_from_seq: Generated<number>
    muted_until: number | null
    pinned: Generated<boolean | number>
    notifications_muted: Generated<boolean | number>
  }
  events: {
    app_id: string
    conversation_id: string
    seq: number
    ts: number
    sender_id: string
    kind: EventRecord['kind']
    body: string | null
    data: string | null
    target_seq: number | null
    status: EventRecord['status'] | null
    client_msg_id: string | null
    ext: string | null
    reply_to_seq: number | null
    edited_at: number | null
    recalled_at: number | null
    reactions: string | null
  }
  hidden_events: { app_id: string; user_id: string; conversation_id: string; seq: number }
  friend_requests: {
    app_id: string
    id: string
    from_id: string
    to_id: string
    message: string | null
    status: FriendRequestRecord['status']
    created_at: number
    decided_at: number | null
  }
  friends: { app_id: string; user_id: string; friend_id: string; remark: string | null; created_at: number }
  blocks: { app_id: string; user_id: string; blocked_id: string; created_at: number }
  join_requests: {
    app_id: string
    id: string
    conversation_id: string
    user_id: string
    message: string | null
    status: JoinRequestRecord['status']
    created_at: number
    decided_by: string | null
    decided_at: number | null
  }
  webhooks: {
    app_id: string
    id: string
    url: string
    secret: string
    events: string
    enabled: Generated<boolean | number>
    created_at: number
    updated_at: number
  }
  webhook_deliveries: {
    app_id: string
    id: string
    webhook_id: string
    event_id: string
    type: string
    payload: string
    status: DeliveryStatus
    attempts: Generated<number>
    next_attempt_at: number | null
    last_status_code: number | null
    last_error: string | null
    last_response_ms: number | null
    last_response_body: string | null
    created_at: number
    updated_at: number
  }
  before_send_hooks: {
    app_id: string
    url: string
    secret: string
    timeout_ms: number
    fail_mode: 'open' | 'closed'
    enabled: Generated<boolean | number>
    updated_at: number
  }
  /** The file record's fields in snake_case (`rows/file-row.ts`). */
  files: SnakeCaseRow<FileRecord>
  console_accounts: {
    id: string
    email: string
    name: string
    password_hash: string
    role: ConsoleAccountRecord['role']
    disabled: Generated<boolean | number>
    created_at: number
  }
  console_sessions: { id_hash: string; account_id: string; created_at: number; expires_at: number; ip: string | null; user_agent: string | null }
  audit_log: {
    id: Generated<number>
    ts: number
    actor_type: AuditActorType
    actor_id: string | null
    action: string
    app_id: string | null
    target: string | null
    status: number | null
    ip: string | null
    user_agent: string | null
    details: string | null
    /** The audit chain entry written with it, whose `audit_personal` row holds the personal columns (migration 14). */
    chain_seq: number | null
  }
  /** `config` is JSONB on PostgreSQL: written as JSON text, read through `CAST(config AS TEXT)`. */
  bots: { app_id: string; id: string; config: string; api_key_ciphertext: string | null; created_at: number; updated_at: number }
  bot_usage: {
    app_id: string
    bot_id: string
    user_id: string
    day: string
    input_tokens: Generated<number>
    output_tokens: Generated<number>
    handoffs: Generated<number>
  }
  /** `state` is JSONB on PostgreSQL, like `bots.config`. */
  bot_redaction_state: { app_id: string; bot_id: string; conversation_id: string; state: string }
}
