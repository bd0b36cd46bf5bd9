import type {
  AnalyticsCounts,
  AuditEntry,
  AuditQuery,
  ConsoleAccountRecord,
  ConsoleGroupRow,
  ConsoleSessionRecord,
  ConsoleStore,
  ConsoleUserRow,
  DailyCount,
} from '../console-store.js'
import { WarblerError } from '@warbler/protocol'
import { toJsonColumn } from './json-column.js'
import type { SqliteDatabase } from './sqlite-driver.js'
import { toAccount, toAudit, type AccountRow, type AuditRow } from '../rows/console-rows.js'

const DAY = "strftime('%Y-%m-%d', ts / 1000, 'unixepoch')"

/** Escapes `%`, `_` and `\` for a LIKE pattern (used with `ESCAPE '\'`). */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (match) => `\\${match}`)}%`
}

/** The console store in SQLite. */
export class SqliteConsoleStore implements ConsoleStore {
  constructor(private readonly db: SqliteDatabase) {}

  async createAccount(account: ConsoleAccountRecord): Promise<void> {
    try {
      this.db
        .prepare('INSERT INTO console_accounts (id, email, name, password_hash, role, disabled, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(account.id, account.email, account.name, account.passwordHash, account.role, account.disabled ? 1 : 0, account.createdAt)
    } catch (error) {
      if ((error as { code?: string }).code?.startsWith('SQLITE_CONSTRAINT')) throw new WarblerError('already_exists', 'An account with this email exists.')
      throw error
    }
  }

  async getAccount(id: string): Promise<ConsoleAccountRecord | undefined> {
    const row = this.db.prepare('SELECT * FROM console_accounts WHERE id = ?').get(id) as AccountRow | undefined
    return row && toAccount(row)
  }

  async getAccountByEmail(email: string): Promise<ConsoleAccountRecord | undefined> {
    const row = this.db.prepare('SELECT * FROM console_accounts WHERE email = ?').get(email) as AccountRow | undefined
    return row && toAccount(row)
  }

  async listAccounts(): Promise<ConsoleAccountRecord[]> {
    return (this.db.prepare('SELECT * FROM console_accounts ORDER BY created_at, id').all() as AccountRow[]).map(toAccount)
  }

  async updateAccount(id: string, patch: Partial<Pick<ConsoleAccountRecord, 'role' | 'disabled' | 'name'>>): Promise<ConsoleAccountRecord | undefined> {
    const current = await this.getAccount(id)
    if (!current) return undefined
    const next = { ...current, ...patch }
    this.db.prepare('UPDATE console_accounts SET role = ?, disabled = ?, name = ? WHERE id = ?').run(next.role, next.disabled ? 1 : 0, next.name, id)
    return next
  }

  async countAccounts(): Promise<number> {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM console_accounts').get() as { n: number }).n
  }

  async createSession(session: ConsoleSessionRecord): Promise<void> {
    this.db
      .prepare('INSERT INTO console_sessions (id_hash, account_id, created_at, expires_at, ip, user_agent) VALUES (?, ?, ?, ?, ?, ?)')
      .run(session.idHash, session.accountId, session.createdAt, session.expiresAt, session.ip, session.userAgent)
  }

  async getSession(idHash: string): Promise<ConsoleSessionRecord | undefined> {
    const row = this.db.prepare('SELECT * FROM console_sessions WHERE id_hash = ?').get(idHash) as
      | { id_hash: string; account_id: string; created_at: number; expires_at: number; ip: string | null; user_agent: string | null }
      | undefined
    if (!row) return undefined
    return { idHash: row.id_hash, accountId: row.account_id, createdAt: row.created_at, expiresAt: row.expires_at, ip: row.ip, userAgent: row.user_agent }
  }

  async deleteSession(idHash: string): Promise<void> {
    this.db.prepare('DELETE FROM console_sessions WHERE id_hash = ?').run(idHash)
  }

  async deleteSessionsOf(accountId: string): Promise<void> {
    this.db.prepare('DELETE FROM console_sessions WHERE account_id = ?').run(accountId)
  }

  async deleteExpiredSessions(now: number): Promise<number> {
    return this.db.prepare('DELETE FROM console_sessions WHERE expires_at <= ?').run(now).changes
  }

  async appendAudit(entry: Omit<AuditEntry, 'id'>): Promise<number> {
    const row = this.db
      .prepare(
        `INSERT INTO audit_log (ts, actor_type, actor_id, action, app_id, target, status, ip, user_agent, details)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
      )
      .get(entry.ts, entry.actorType, entry.actorId, entry.action, entry.appId, entry.target, entry.status, entry.ip, entry.userAgent, toJsonColumn(entry.details ?? undefined)) as { id: number }
    return row.id
  }

  async listAudit(query: AuditQuery): Promise<AuditEntry[]> {
    const where: string[] = []
    const params: unknown[] = []
    if (query.actor) {
      where.push("(actor_id LIKE ? ESCAPE '\\' OR actor_type = ?)")
      params.push(likePattern(query.actor), query.actor)
    }
    if (query.action) {
      where.push("action LIKE ? ESCAPE '\\'")
      params.push(likePattern(query.action))
    }
    if (query.appId) {
      where.push('app_id = ?')
      params.push(query.appId)
    }
    if (query.from !== undefined) {
      where.push('ts >= ?')
      params.push(query.from)
    }
    if (query.to !== undefined) {
      where.push('ts < ?')
      params.push(query.to)
    }
    if (query.beforeId !== undefined) {
      where.push('id < ?')
      params.push(query.beforeId)
    }
    const sql = `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`
    return (this.db.prepare(sql).all(...params, query.limit) as AuditRow[]).map(toAudit)
  }

  async searchUsers(appId: string, options: { query?: string; limit: number }): Promise<ConsoleUserRow[]> {
    const rows = options.query
      ? this.db
          .prepare("SELECT id, name, kind, banned, created_at FROM users WHERE app_id = ? AND (id LIKE ? ESCAPE '\\' OR name LIKE ? ESCAPE '\\') ORDER BY id LIMIT ?")
          .all(appId, likePattern(options.query), likePattern(options.query), options.limit)
      : this.db.prepare('SELECT id, name, kind, banned, created_at FROM users WHERE app_id = ? ORDER BY id LIMIT ?').all(appId, options.limit)
    return (rows as { id: string; name: string; kind: 'person' | 'bot'; banned: number; created_at: number }[]).map((row) => ({
      id: row.id,
      name: row.name,
      kind: row.kind,
      banned: row.banned === 1,
      createdAt: row.created_at,
    }))
  }

  async listGroups(appId: string, options: { limit: number }): Promise<ConsoleGroupRow[]> {
    const rows = this.db
      .prepare("SELECT id, name, owner_id, member_count, last_seq, created_at FROM conversations WHERE app_id = ? AND kind = 'group' ORDER BY created_at DESC LIMIT ?")
      .all(appId, options.limit) as { id: string; name: string | null; owner_id: string | null; member_count: number; last_seq: number; created_at: number }[]
    return rows.map((row) => ({ id: row.id, name: row.name, ownerId: row.owner_id, memberCount: row.member_count, lastSeq: row.last_seq, createdAt: row.created_at }))
  }

  async analytics(options: { appId?: string; since: number }): Promise<AnalyticsCounts> {
    const appFilter = options.appId === undefined ? '' : 'AND e.app_id = ?'
    const params = options.appId === undefined ? [options.since] : [options.since, options.appId]
    const daily = (select: string, extra = ''): DailyCount[] =>
      this.db
        .prepare(
          `SELECT ${DAY.replace('ts', 'e.ts')} AS day, ${select} AS count FROM events e
           LEFT JOIN users u ON u.app_id = e.app_id AND u.id = e.sender_id
           WHERE e.kind = 'message' AND e.ts >= ? ${appFilter} ${extra} GROUP BY day ORDER BY day`,
        )
        .all(...params) as DailyCount[]
    const messagesPerDay = daily('COUNT(*)')
    const activeUsersPerDay = daily('COUNT(DISTINCT e.sender_id)', "AND COALESCE(u.kind, 'person') = 'person'")
    const botRepliesPerDay = daily('COUNT(*)', "AND u.kind = 'bot'")
    const tokensPerBot = this.db
      .prepare(
        `SELECT e.sender_id AS botId, SUM(CAST(json_extract(e.ext, '$.usage.totalTokens') AS INTEGER)) AS tokens FROM events e
         JOIN users u ON u.app_id = e.app_id AND u.id = e.sender_id AND u.kind = 'bot'
         WHERE e.ts >= ? ${appFilter} AND json_extract(e.ext, '$.usage.totalTokens') IS NOT NULL
         GROUP BY e.sender_id ORDER BY tokens DESC`,
      )
      .all(...params) as { botId: string; tokens: number }[]
    const conversationParams = options.appId === undefined ? [] : [options.appId]
    const botConversations = this.db
      .prepare(
        `SELECT COUNT(DISTINCT m.app_id || ' ' || m.conversation_id) AS n FROM members m
         JOIN users u ON u.app_id = m.app_id AND u.id = m.user_id AND u.kind = 'bot' ${options.appId === undefined ? '' : 'WHERE m.app_id = ?'}`,
      )
      .get(...conversationParams) as { n: number }
    const handedOff = this.db
      .prepare(`SELECT COUNT(*) AS n FROM conversations WHERE json_extract(ext, '$.handoff') IS NOT NULL ${options.appId === undefined ? '' : 'AND app_id = ?'}`)
      .get(...conversationParams) as { n: number }
    return { messagesPerDay, activeUsersPerDay, botRepliesPerDay, tokensPerBot, botConversations: botConversations.n, handedOff: handedOff.n }
  }
}
