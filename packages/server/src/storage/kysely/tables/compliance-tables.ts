/**
 * The tables of compliance (issue 20: retention, exports, erasure, audit chain), as Kysely sees them. Columns in snake_case; timestamps are epoch
 * milliseconds; JSON columns are TEXT; flags are `boolean | number` (0/1 on SQLite).
 * Merged into {@link import('../database.js').Database}.
 */
export interface ComplianceTables {
  /**
   * The tamper-evident audit chain: one row per administrative action, gapless `seq` from 1, each
   * `mac` an HMAC over the previous row's `mac` and this row's fields. Holds no personal data: that
   * lives in `audit_personal`, committed to by `personal_mac`.
   */
  audit_chain: {
    seq: number
    ts: number
    actor_type: string
    action: string
    app_id: string | null
    status: number | null
    personal_mac: string | null
    prev_mac: string
    mac: string
  }
  /** The personal part of a chain entry (who, to whom, from where); erasure deletes it, the chain stays whole. */
  audit_personal: {
    seq: number
    app_id: string | null
    subject_user_id: string | null
    actor_id: string | null
    target: string | null
    ip: string | null
    user_agent: string | null
    details: string | null
  }
  /** Erasures done, per app and user: the receipt, so a repeat answers the same and exports stay empty. */
  erasures: { app_id: string; user_id: string; pseudonym: string; receipt: string; erased_at: number }
  /** Export jobs: status, the zip's path once ready, the hash of its download token and when it expires. */
  export_jobs: {
    app_id: string
    id: string
    user_id: string
    status: 'queued' | 'running' | 'ready' | 'failed'
    token_hash: string | null
    path: string | null
    error: string | null
    created_at: number
    updated_at: number
    expires_at: number | null
  }
  /** Legal holds: while one exists on a user or a conversation, retention does not purge what it covers. */
  legal_holds: { app_id: string; kind: 'user' | 'conversation'; target_id: string; reason: string | null; created_at: number }
  /** Retention policies: `conversation_id` '' is the app-wide policy; days null means keep forever. */
  retention_policies: { app_id: string; conversation_id: string; messages_days: number | null; files_days: number | null; updated_at: number }
  /** How far retention has looked at each conversation: every event up to this seq is past its policy (a tombstone) or held. */
  retention_cursors: { app_id: string; conversation_id: string; purged_through_seq: number; updated_at: number }
  /** Cluster-wide leases (one purge run at a time). */
  compliance_leases: { name: string; holder: string; expires_at: number }
}

/**
 * Encryption at rest (issue 20, envelope keys): each app's data key, wrapped by the master key.
 * Declared as a second part of {@link ComplianceTables} (interfaces merge), so the database type
 * picks it up with the other compliance tables.
 */
export interface ComplianceTables {
  /**
   * One data key per app (AES-256-GCM), stored only wrapped by the master key (`wrapped`, which
   * `master_key_id` names by fingerprint). A destroyed key (the app was deleted: crypto-shredding)
   * keeps its row with `wrapped` null, so nothing can quietly create a new key for the app.
   */
  app_keys: {
    app_id: string
    wrapped: string | null
    master_key_id: string | null
    created_at: number
    rewrapped_at: number | null
    destroyed_at: number | null
  }
}
