/** A row of the tamper-evident audit chain: what was done, never by or to whom (see {@link AuditPersonalRecord}). */
export interface AuditChainRecord {
  /** Gapless from 1. */
  seq: number
  ts: number
  actorType: string
  action: string
  appId: string | null
  status: number | null
  /** HMAC of the personal side row when there was one; it stays when erasure removes that row. */
  personalMac: string | null
  /** The previous row's `mac` (a fixed genesis value for seq 1). */
  prevMac: string
  /** HMAC over `prevMac` and this row's fields, keyed by the audit key (which the database never holds). */
  mac: string
}

/** The personal part of a chain entry, kept apart so erasure can delete it without breaking the chain. */
export interface AuditPersonalRecord {
  seq: number
  appId: string | null
  /** The app user the action was about, when there is one (erasure finds the rows by it). */
  subjectUserId: string | null
  actorId: string | null
  target: string | null
  ip: string | null
  userAgent: string | null
  details: Record<string, unknown> | null
}

/** What {@link ComplianceStore.appendChained} asks the caller to seal, given the current head. */
export type ChainSealer = (head: { seq: number; mac: string } | undefined) => {
  entry: AuditChainRecord
  personal: AuditPersonalRecord | null
}

/** A stored erasure receipt. */
export interface ErasureRecord {
  appId: string
  userId: string
  pseudonym: string
  receipt: Record<string, unknown>
  erasedAt: number
}

/** An export job as stored. */
export interface ExportJobRecord {
  appId: string
  id: string
  userId: string
  status: 'queued' | 'running' | 'ready' | 'failed'
  tokenHash: string | null
  path: string | null
  error: string | null
  createdAt: number
  updatedAt: number
  expiresAt: number | null
}

/** A legal hold on a user or a conversation. */
export interface LegalHoldRecord {
  appId: string
  kind: 'user' | 'conversation'
  targetId: string
  reason: string | null
  createdAt: number
}

/** A retention policy: `conversationId` null is the app-wide one; days null keeps forever. */
export interface RetentionPolicyRecord {
  appId: string
  conversationId: string | null
  messagesDays: number | null
  filesDays: number | null
  updatedAt: number
}

/**
 * Storage of compliance: the audit chain and its personal side table, erasure receipts, export
 * jobs, legal holds, retention policies and leases.
 */
/**
 * A column bulk re-encryption rewrites (named by the code, never by input): its table, the key
 * columns it pages by, and the column holding the app id (or, with `keyPrefix`, the first key
 * column, `<keyPrefix><appId>`).
 */
export interface SealedColumn {
  table: string
  column: string
  key: readonly string[]
  app: string
  keyPrefix?: string
}

/** One value of a {@link SealedColumn}, with its row's key and app. */
export interface SealedColumnRow {
  key: (string | number)[]
  appId: string
  value: string
}

/** A re-encrypted value, written only where the row still holds `from`. */
export interface SealedValueChange {
  key: readonly (string | number)[]
  from: string
  to: string
}

export interface ComplianceStore {
  /**
   * Appends one chain entry: reads the head, lets `seal` compute the next entry (synchronously) and
   * inserts it with its personal row, in one transaction; retried when another writer took the seq.
   */
  appendChained(seal: ChainSealer): Promise<AuditChainRecord>
  /** The last entry, or undefined while the chain is empty. */
  chainHead(): Promise<AuditChainRecord | undefined>
  /** The head as recorded with the last append (kept apart from the rows). */
  chainHeadMark(): Promise<{ seq: number; mac: string } | undefined>
  /** Entries with seq above `afterSeq`, ascending. */
  chainPage(afterSeq: number, limit: number): Promise<AuditChainRecord[]>
  /** The personal rows of the given seqs that still exist. */
  personalOf(seqs: readonly number[]): Promise<Map<number, AuditPersonalRecord>>
  /** Deletes the personal rows about an app user; returns how many. */
  erasePersonal(appId: string, userId: string): Promise<number>

  /**
   * Turns up to `limit` events the user sent into tombstones: body, data, reactions and client id
   * cleared, ext `{ erased: true }`, the sender replaced by `pseudonym`, `recalledAt` set (so every
   * read path already treats them as gone); seqs stay. Returns how many, and how many were messages.
   */
  tombstoneSentBy(appId: string, userId: string, pseudonym: string, now: number, limit: number): Promise<{ events: number; messages: number }>
  /** The same for messages others forwarded from the user (`ext.forwardedFrom.senderId`), keeping their sender. */
  tombstoneForwardedFrom(appId: string, userId: string, now: number, limit: number): Promise<number>
  /** Deletes the search rows of the user's messages; returns how many. */
  deleteSearchRowsOf(appId: string, userId: string): Promise<number>
  /** Removes the user from reactions and replaces their id by `pseudonym` in member and system notices; returns how many events changed. */
  scrubMentions(appId: string, userId: string, pseudonym: string): Promise<number>
  /** Metadata of the files the user uploaded. */
  filesUploadedBy(appId: string, userId: string, limit: number): Promise<{ id: string; storageKey: string; thumbnailKey: string | null }[]>
  /** The user's bot usage rows (for their export). */
  usageOf(appId: string, userId: string): Promise<{ botId: string; day: string; inputTokens: number; outputTokens: number; handoffs: number }[]>
  /** Replaces the user id by `pseudonym` in bot usage rows; returns how many. */
  pseudonymiseUsage(appId: string, userId: string, pseudonym: string): Promise<number>
  /**
   * Customer-service and tool records of the user: tool calls keep their audit fields but lose the
   * arguments and name the pseudonym; support states and CSAT of which they are the customer lose
   * summary and comment and name the pseudonym, and the private notes of those conversations go.
   */
  scrubSupportAndTools(appId: string, userId: string, pseudonym: string): Promise<{ toolCalls: number; supportRecords: number; notes: number }>
  /** The user's tool calls, support states (as customer) and CSAT answers, for their export. */
  supportAndToolsOf(appId: string, userId: string): Promise<{ toolCalls: unknown[]; supportStates: unknown[]; csat: unknown[] }>
  /** Deletes the bots' redaction state (the personal values behind placeholders) of the conversations; returns how many. */
  deleteRedactionStates(appId: string, conversationIds: readonly string[]): Promise<number>
  /**
   * Deletes webhook deliveries (pending ones, and the delivery log) whose payload names the user,
   * or whose stored payload carries one of `marks` (the blind subjects of payloads sealed at rest);
   * returns how many.
   */
  deleteDeliveriesNaming(appId: string, userId: string, marks?: readonly string[]): Promise<number>
  /** A page of a column's values in key order after `after`, for bulk re-encryption. */
  sealedColumnPage(column: SealedColumn, after: readonly (string | number)[] | undefined, limit: number): Promise<SealedColumnRow[]>
  /** Writes re-encrypted values in one transaction, each only where the row still holds `from`; answers how many. */
  replaceSealedValues(column: SealedColumn, changes: readonly SealedValueChange[]): Promise<number>
  /** Deletes the app's finished webhook deliveries (the log, with the payloads) created before `cutoff`; returns how many. */
  deleteDeliveriesBefore(appId: string, cutoff: number): Promise<number>
  /** Deletes the user's friendships, friend and join requests, blocks (both ways) and hidden-message marks; returns the other users touched and the row count. */
  deleteSocialOf(appId: string, userId: string): Promise<{ rows: number; others: string[] }>

  getErasure(appId: string, userId: string): Promise<ErasureRecord | undefined>
  /** Records an erasure; a second one for the same user keeps the first. */
  putErasure(record: ErasureRecord): Promise<void>

  createExport(record: ExportJobRecord): Promise<void>
  getExport(appId: string, id: string): Promise<ExportJobRecord | undefined>
  updateExport(appId: string, id: string, patch: Partial<Pick<ExportJobRecord, 'status' | 'tokenHash' | 'path' | 'error' | 'updatedAt' | 'expiresAt'>>): Promise<void>
  /** Moves a job to `running` if it is still as the caller saw it (status and updatedAt); false when another node took it. */
  claimExport(appId: string, id: string, status: ExportJobRecord['status'], updatedAt: number, now: number): Promise<boolean>
  /** Queued (and stale running) jobs, oldest first. */
  pendingExports(limit: number): Promise<ExportJobRecord[]>
  /** Ready exports past `expiresAt`. */
  expiredExports(now: number, limit: number): Promise<ExportJobRecord[]>

  putHold(record: LegalHoldRecord): Promise<void>
  deleteHold(appId: string, kind: LegalHoldRecord['kind'], targetId: string): Promise<boolean>
  listHolds(appId: string): Promise<LegalHoldRecord[]>

  putPolicy(record: RetentionPolicyRecord): Promise<void>
  /** Every policy of every app (the purge job walks them). */
  listPolicies(): Promise<RetentionPolicyRecord[]>
  getPolicy(appId: string, conversationId: string | null): Promise<RetentionPolicyRecord | undefined>

  /** Conversation ids of the app, by id, after `after`. */
  conversationIds(appId: string, after: string, limit: number): Promise<string[]>
  /** Conversations of the app where any of the users is a member. */
  conversationsOfMembers(appId: string, userIds: readonly string[]): Promise<Set<string>>
  /** How far retention has purged the conversation (0 when never). */
  retentionCursor(appId: string, conversationId: string): Promise<number>
  /**
   * Purges the next events of a conversation older than `cutoff`, at most `limit`, after the cursor:
   * each becomes a tombstone (body, data, reactions cleared, ext `{ purged: true }`, `recalledAt`
   * set, search row deleted) and the cursor moves, in one transaction. `done` when the next event is
   * not expired (or there is none).
   */
  purgeExpiredEvents(appId: string, conversationId: string, cutoff: number, now: number, limit: number): Promise<{ events: number; messages: number; done: boolean }>
  /** Files of the app created before `cutoff` (oldest first): in one conversation, or outside the excluded ones and not by the excluded uploaders. */
  expiredFiles(appId: string, cutoff: number, limit: number, scope?: { conversationId?: string; excludeConversations?: readonly string[]; excludeUploaders?: readonly string[] }): Promise<{ id: string; conversationId: string; uploaderId: string | null; storageKey: string; thumbnailKey: string | null }[]>

  /** Takes or renews the lease `name` for `holder` until `until`; false while another holder has it. */
  acquireLease(name: string, holder: string, now: number, until: number): Promise<boolean>
  releaseLease(name: string, holder: string): Promise<void>
}
