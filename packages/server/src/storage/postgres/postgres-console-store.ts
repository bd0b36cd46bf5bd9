import { WarblerError } from '@warbler/protocol'
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
import { toJsonColumn } from '../sqlite/json-column.js'
import { pgErrorCode, type PgQueryable } from './postgres-driver.js'
import { toAccount, toAudit, type AccountRow, type AuditRow } from '../rows/console-rows.js'

/** Escapes `%`, `_` and `\` for a LIKE pattern (PostgreSQL's default escape is `\`). */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (match) => `\\${match}`)}%`
}

const DAY = "to_char(to_timestamp(e.ts / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD')"

/** The console store in PostgreSQL. */
export class PostgresConsoleStore implements ConsoleStore {
  constructor(private readonly db: PgQueryable) {}

  async createAccount(a: ConsoleAccountRecord): Promise<void> {
    try {
      await this.db.query('INSERT INTO console_accounts (id, email, name, password_hash, role, disabled, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
        a.id,
        a.email,
        a.name,
        a.passwordHash,
        a.role,
        a.disabled,
        a.createdAt,
      ])
    } catch (error) {
      if (pgErrorCode(error) === '23505') throw new WarblerError('already_exists', 'An account with this email exists.')
      throw error
    }
  }

  async getAccount(id: string): Promise<ConsoleAccountRecord | undefined> {
    const { rows } = await this.db.query<AccountRow>('SELECT * FROM console_accounts WHERE id = $1', [id])
    return rows[0] && toAccount(rows[0])
  }

  async getAccountByEmail(email: string): Promise<ConsoleAccountRecord | undefined> {
    const { rows } = await this.db.query<AccountRow>('SELECT * FROM console_accounts WHERE email = $1', [email])
    return rows[0] && toAccount(rows[0])
  }

  async listAccounts(): Promise<ConsoleAccountRecord[]> {
    const { rows } = await this.db.query<AccountRow>('SELECT * FROM console_accounts ORDER BY created_at, id')
    return rows.map(toAccount)
  }

  async updateAccount(id: string, patch: Partial<Pick<ConsoleAccountRecord, 'role' | 'disabled' | 'name'>>): Promise<ConsoleAccountRecord | undefined> {
    const current = await this.getAccount(id)
    if (!current) return undefined
    const next = { ...current, ...patch }
    await this.db.query('UPDATE console_accounts SET role = $1, disabled = $2, name = $3 WHERE id = $4', [next.role, next.disabled, next.name, id])
    return next
  }

  async countAccounts(): Promise<number> {
    const { rows } = await this.db.query<{ n: number }>('SELECT COUNT(*)::bigint AS n FROM console_accounts')
    return rows[0]!.n
  }

  async createSession(s: ConsoleSessionRecord): Promise<void> {
    await this.db.query('INSERT INTO console_sessions (id_hash, account_id, created_at, expires_at, ip, user_agent) VALUES ($1, $2, $3, $4, $5, $6)', [
      s.idHash,
      s.accountId,
      s.createdAt,
      s.expiresAt,
      s.ip,
      s.userAgent,
    ])
  }

  async getSession(idHash: string): Promise<ConsoleSessionRecord | undefined> {
    const { rows } = await this.db.query<{ id_hash: string; account_id: string; created_at: number; expires_at: number; ip: string | null; user_agent: string | null }>(
      'SELECT * FROM console_sessions WHERE id_hash = $1',
      [idHash],
    )
    const row = rows[0]
    return row && { idHash: row.id_hash, accountId: row.account_id, createdAt: row.created_at, expiresAt: row.expires_at, ip: row.ip, userAgent: row.user_agent }
  }

  async deleteSession(idHash: string): Promise<void> {
    await this.db.query('DELETE FROM console_sessions WHERE id_hash = $1', [idHash])
  }

  async deleteSessionsOf(accountId: string): Promise<void> {
    await this.db.query('DELETE FROM console_sessions WHERE account_id = $1', [accountId])
  }

  async deleteExpiredSessions(now: number): Promise<number> {
    const { rowCount } = await this.db.query('DELETE FROM console_sessions WHERE expires_at <= $1', [now])
    return rowCount ?? 0
  }

  async appendAudit(e: Omit<AuditEntry, 'id'>): Promise<number> {
    const { rows } = await this.db.query<{ id: number }>(
      `INSERT INTO audit_log (ts, actor_type, actor_id, action, app_id, target, status, ip, user_agent, details)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [e.ts, e.actorType, e.actorId, e.action, e.appId, e.target, e.status, e.ip, e.userAgent, toJsonColumn(e.details ?? undefined)],
    )
    return rows[0]!.id
  }

  async listAudit(query: AuditQuery): Promise<AuditEntry[]> {
    const where: string[] = []
    const params: unknown[] = []
    const param = (value: unknown) => {
      params.push(value)
      return `$${params.length}`
    }
    if (query.actor) where.push(`(actor_id LIKE ${param(likePattern(query.actor))} OR actor_type = ${param(query.actor)})`)
    if (query.action) where.push(`action LIKE ${param(likePattern(query.action))}`)
    if (query.appId) where.push(`app_id = ${param(query.appId)}`)
    if (query.from !== undefined) where.push(`ts >= ${param(query.from)}`)
    if (query.to !== undefined) where.push(`ts < ${param(query.to)}`)
    if (query.beforeId !== undefined) where.push(`id < ${param(query.beforeId)}`)
    const sql = `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ${param(query.limit)}`
    const { rows } = await this.db.query<AuditRow>(sql, params)
    return rows.map(toAudit)
  }

  async searchUsers(appId: string, options: { query?: string; limit: number }): Promise<ConsoleUserRow[]> {
    const { rows } = options.query
      ? await this.db.query<{ id: string; name: string; kind: 'person' | 'bot'; banned: boolean; created_at: number }>(
          'SELECT id, name, kind, banned, created_at FROM users WHERE app_id = $1 AND (id LIKE $2 OR name LIKE $2) ORDER BY id LIMIT $3',
          [appId, likePattern(options.query), options.limit],
        )
      : await this.db.query<{ id: string; name: string; kind: 'person' | 'bot'; banned: boolean; created_at: number }>(
          'SELECT id, name, kind, banned, created_at FROM users WHERE app_id = $1 ORDER BY id LIMIT $2',
          [appId, options.limit],
        )
    return rows.map((row) => ({ id: row.id, name: row.name, kind: row.kind, banned: row.banned, createdAt: row.created_at }))
  }

  async listGroups(appId: string, options: { limit: number }): Promise<ConsoleGroupRow[]> {
    const { rows } = await this.db.query<{ id: string; name: string | null; owner_id: string | null; member_count: number; last_seq: number; created_at: number }>(
      "SELECT id, name, owner_id, member_count, last_seq, created_at FROM conversations WHERE app_id = $1 AND kind = 'group' ORDER BY created_at DESC LIMIT $2",
      [appId, options.limit],
    )
    return rows.map((row) => ({ id: row.id, name: row.name, ownerId: row.owner_id, memberCount: row.member_count, lastSeq: row.last_seq, createdAt: row.created_at }))
  }

  async analytics(options: { appId?: string; since: number }): Promise<AnalyticsCounts> {
    const appFilter = options.appId === undefined ? '' : 'AND e.app_id = $2'
    const params = options.appId === undefined ? [options.since] : [options.since, options.appId]
    const daily = async (select: string, extra = ''): Promise<DailyCount[]> =>
      (
        await this.db.query<DailyCount>(
          `SELECT ${DAY} AS day, ${select} AS count FROM events e
           LEFT JOIN users u ON u.app_id = e.app_id AND u.id = e.sender_id
           WHERE e.kind = 'message' AND e.ts >= $1 ${appFilter} ${extra} GROUP BY day ORDER BY day`,
          params,
        )
      ).rows
    const messagesPerDay = await daily('COUNT(*)::bigint')
    const activeUsersPerDay = await daily('COUNT(DISTINCT e.sender_id)::bigint', "AND COALESCE(u.kind, 'person') = 'person'")
    const botRepliesPerDay = await daily('COUNT(*)::bigint', "AND u.kind = 'bot'")
    const tokens = "(e.ext::jsonb #>> '{usage,totalTokens}')"
    const { rows: tokensPerBot } = await this.db.query<{ botId: string; tokens: number }>(
      `SELECT e.sender_id AS "botId", SUM((${tokens})::numeric)::bigint AS tokens FROM events e
       JOIN users u ON u.app_id = e.app_id AND u.id = e.sender_id AND u.kind = 'bot'
       WHERE e.ts >= $1 ${appFilter} AND e.ext LIKE '%totalTokens%' AND ${tokens} IS NOT NULL
       GROUP BY e.sender_id ORDER BY tokens DESC`,
      params,
    )
    const conversationParams = options.appId === undefined ? [] : [options.appId]
    const { rows: bots } = await this.db.query<{ n: number }>(
      `SELECT COUNT(DISTINCT (m.app_id, m.conversation_id))::bigint AS n FROM members m
       JOIN users u ON u.app_id = m.app_id AND u.id = m.user_id AND u.kind = 'bot' ${options.appId === undefined ? '' : 'WHERE m.app_id = $1'}`,
      conversationParams,
    )
    const { rows: handed } = await this.db.query<{ n: number }>(
      `SELECT COUNT(*)::bigint AS n FROM conversations WHERE ext LIKE '%handoff%' AND (ext::jsonb -> 'handoff') IS NOT NULL ${options.appId === undefined ? '' : 'AND app_id = $1'}`,
      conversationParams,
    )
    return { messagesPerDay, activeUsersPerDay, botRepliesPerDay, tokensPerBot, botConversations: bots[0]!.n, handedOff: handed[0]!.n }
  }
}
