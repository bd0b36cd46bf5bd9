/** The roles of console accounts, from most to least powerful. */
export type ConsoleRole = 'owner' | 'admin' | 'agent' | 'viewer'

/** A console account as stored. The password is kept only as an argon2 hash. */
export interface ConsoleAccountRecord {
  id: string
  email: string
  name: string
  passwordHash: string
  role: ConsoleRole
  disabled: boolean
  createdAt: number
}

/** A console session as stored: the id itself is never stored, only its SHA-256 (`idHash`). */
export interface ConsoleSessionRecord {
  idHash: string
  accountId: string
  createdAt: number
  expiresAt: number
  ip: string | null
  userAgent: string | null
}

/** Who did something: a console account, the operator key, an app secret, or the system. */
export type AuditActorType = 'console' | 'operator' | 'app-secret' | 'user' | 'system' | 'anonymous'

/** One line of the append-only audit log. Never holds request bodies or secrets. */
export interface AuditEntry {
  id: number
  ts: number
  actorType: AuditActorType
  /** The console account email, the app id for `app-secret`, the user id for `user` (their own token), or null. */
  actorId: string | null
  /** What happened: `console.login`, `app.create`, `POST /api/v1/apps/:appId/users`, ... */
  action: string
  appId: string | null
  /** What it was done to (a user id, an account email, a URL path), when there is one. */
  target: string | null
  /** The HTTP status of the request that did it. */
  status: number | null
  ip: string | null
  userAgent: string | null
  details: Record<string, unknown> | null
  /**
   * The audit chain entry written with it (when the chain is on): its personal columns are kept in
   * that entry's side row, so erasing a person empties them here too.
   */
  chainSeq?: number
}

/** Filters of {@link ConsoleStore.listAudit}; all optional, combined with AND. */
export interface AuditQuery {
  actor?: string
  /** Matches actions that contain this text. */
  action?: string
  appId?: string
  /** Unix ms, inclusive. */
  from?: number
  /** Unix ms, exclusive. */
  to?: number
  /** Entries with an id below this (newest first paging). */
  beforeId?: number
  limit: number
}

/** One day of analytics (day = `YYYY-MM-DD` in UTC). */
export interface DailyCount {
  day: string
  count: number
}

/** What the event log can tell about an app (or every app) since a time. */
export interface AnalyticsCounts {
  messagesPerDay: DailyCount[]
  activeUsersPerDay: DailyCount[]
  botRepliesPerDay: DailyCount[]
  /** Tokens per bot, from `ext.usage.totalTokens` on bot messages; empty when bots report none. */
  tokensPerBot: { botId: string; tokens: number }[]
  /** Conversations with a bot, and how many of them were handed to a person (`ext.handoff`). */
  botConversations: number
  handedOff: number
}

/** The console dashboard's counts for one app (`ConsoleStore.overview`). */
export interface ConsoleOverview {
  /** Users of kind `person`. */
  people: number
  bots: number
  conversations: number
  /** Messages (not edits, reactions or notices) since the time asked for. */
  messagesSince: number
  /** Support conversations a person is on or should be: waiting, assigned, snoozed. */
  openSupport: { queued: number; assigned: number; snoozed: number }
}

/** A user row as the console lists it. */
export interface ConsoleUserRow {
  id: string
  name: string
  kind: 'person' | 'bot'
  banned: boolean
  createdAt: number
}

/** A group row as the console lists it. */
export interface ConsoleGroupRow {
  id: string
  name: string | null
  ownerId: string | null
  memberCount: number
  lastSeq: number
  createdAt: number
}

/**
 * Storage of the console: accounts, sessions, the audit log, and the read-only queries the
 * console screens need over the core tables (user search, group list, analytics).
 */
export interface ConsoleStore {
  createAccount(account: ConsoleAccountRecord): Promise<void>
  getAccount(id: string): Promise<ConsoleAccountRecord | undefined>
  getAccountByEmail(email: string): Promise<ConsoleAccountRecord | undefined>
  listAccounts(): Promise<ConsoleAccountRecord[]>
  updateAccount(id: string, patch: Partial<Pick<ConsoleAccountRecord, 'role' | 'disabled' | 'name'>>): Promise<ConsoleAccountRecord | undefined>
  countAccounts(): Promise<number>

  createSession(session: ConsoleSessionRecord): Promise<void>
  getSession(idHash: string): Promise<ConsoleSessionRecord | undefined>
  deleteSession(idHash: string): Promise<void>
  /** Ends every session of an account (role change, disable). */
  deleteSessionsOf(accountId: string): Promise<void>
  /** Removes sessions past `expiresAt`; returns how many. */
  deleteExpiredSessions(now: number): Promise<number>

  /** Appends to the audit log (it is never updated or deleted). Returns the new id. */
  appendAudit(entry: Omit<AuditEntry, 'id'>): Promise<number>
  /** Newest first. */
  listAudit(query: AuditQuery): Promise<AuditEntry[]>

  searchUsers(appId: string, options: { query?: string; limit: number }): Promise<ConsoleUserRow[]>
  listGroups(appId: string, options: { limit: number }): Promise<ConsoleGroupRow[]>
  analytics(options: { appId?: string; since: number }): Promise<AnalyticsCounts>
  /** The dashboard's counts for one app: people, bots, conversations, messages since `since`, open support conversations. */
  overview(appId: string, options: { since: number }): Promise<ConsoleOverview>
}
