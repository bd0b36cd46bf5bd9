import { sql, type Expression, type SqlBool } from 'kysely'
import { WarblerError } from '@warbler/protocol'
import type {
  AnalyticsCounts,
  AuditActorType,
  AuditEntry,
  AuditQuery,
  ConsoleAccountRecord,
  ConsoleGroupRow,
  ConsoleOverview,
  ConsoleSessionRecord,
  ConsoleStore,
  ConsoleUserRow,
} from '../console-store.js'
import { toAccount } from '../rows/console-rows.js'
import { toJsonColumn } from '../sqlite/json-column.js'
import type { StoreDatabase } from '../kysely/store-database.js'
import { consoleAnalytics } from './console-analytics.js'
import { appendAuditEntry, listAuditEntries } from './console-audit.js'
import { consoleOverview } from './console-overview.js'

/** `column LIKE '%text%'` with `%`, `_` and `\` in `text` matched literally, on both engines. */
function contains(column: string, text: string): Expression<SqlBool> {
  const pattern = `%${text.replace(/[\\%_]/g, (match) => `\\${match}`)}%`
  return sql<SqlBool>`${sql.ref(column)} LIKE ${pattern} ESCAPE '\\'`
}

/** Console accounts, sessions, the audit log and the console's read-only views (tables of migration 005), on either engine. */
export class SqlConsoleStore implements ConsoleStore {
  constructor(private readonly store: StoreDatabase) {}

  async createAccount(a: ConsoleAccountRecord): Promise<void> {
    try {
      await this.store.db
        .insertInto('console_accounts')
        .values({ id: a.id, email: a.email, name: a.name, password_hash: a.passwordHash, role: a.role, disabled: a.disabled, created_at: a.createdAt })
        .execute()
    } catch (error) {
      if (this.store.isUniqueViolation(error)) throw new WarblerError('already_exists', 'An account with this email exists.')
      throw error
    }
  }

  async getAccount(id: string): Promise<ConsoleAccountRecord | undefined> {
    const row = await this.store.db.selectFrom('console_accounts').selectAll().where('id', '=', id).executeTakeFirst()
    return row && toAccount(row)
  }

  async getAccountByEmail(email: string): Promise<ConsoleAccountRecord | undefined> {
    const row = await this.store.db.selectFrom('console_accounts').selectAll().where('email', '=', email).executeTakeFirst()
    return row && toAccount(row)
  }

  async listAccounts(): Promise<ConsoleAccountRecord[]> {
    const rows = await this.store.db.selectFrom('console_accounts').selectAll().orderBy('created_at').orderBy(this.store.byteOrder('id')).execute()
    return rows.map(toAccount)
  }

  async updateAccount(id: string, patch: Partial<Pick<ConsoleAccountRecord, 'role' | 'disabled' | 'name'>>): Promise<ConsoleAccountRecord | undefined> {
    const current = await this.getAccount(id)
    if (!current) return undefined
    const next = { ...current, ...patch }
    await this.store.db.updateTable('console_accounts').set({ role: next.role, disabled: next.disabled, name: next.name }).where('id', '=', id).execute()
    return next
  }

  async countAccounts(): Promise<number> {
    const row = await this.store.db.selectFrom('console_accounts').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()
    return Number(row.n)
  }

  async createSession(s: ConsoleSessionRecord): Promise<void> {
    await this.store.db
      .insertInto('console_sessions')
      .values({ id_hash: s.idHash, account_id: s.accountId, created_at: s.createdAt, expires_at: s.expiresAt, ip: s.ip, user_agent: s.userAgent })
      .execute()
  }

  async getSession(idHash: string): Promise<ConsoleSessionRecord | undefined> {
    const row = await this.store.db.selectFrom('console_sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirst()
    return row && { idHash: row.id_hash, accountId: row.account_id, createdAt: row.created_at, expiresAt: row.expires_at, ip: row.ip, userAgent: row.user_agent }
  }

  async deleteSession(idHash: string): Promise<void> {
    await this.store.db.deleteFrom('console_sessions').where('id_hash', '=', idHash).execute()
  }

  async deleteSessionsOf(accountId: string): Promise<void> {
    await this.store.db.deleteFrom('console_sessions').where('account_id', '=', accountId).execute()
  }

  async deleteExpiredSessions(now: number): Promise<number> {
    const result = await this.store.db.deleteFrom('console_sessions').where('expires_at', '<=', now).executeTakeFirst()
    return Number(result.numDeletedRows)
  }

  async appendAudit(e: Omit<AuditEntry, 'id'>): Promise<number> {
    return appendAuditEntry(this.store, e)
  }

  async listAudit(query: AuditQuery): Promise<AuditEntry[]> {
    return listAuditEntries(this.store, query)
  }

  async searchUsers(appId: string, options: { query?: string; limit: number }): Promise<ConsoleUserRow[]> {
    const rows = await this.store.db
      .selectFrom('users')
      .select(['id', 'name', 'kind', 'banned', 'created_at'])
      .where('app_id', '=', appId)
      .$if(Boolean(options.query), (q) => q.where((eb) => eb.or([contains('id', options.query!), contains('name', options.query!)])))
      .orderBy(this.store.byteOrder('id'))
      .limit(options.limit)
      .execute()
    return rows.map((row) => ({ id: row.id, name: row.name, kind: row.kind, banned: row.banned === true || row.banned === 1, createdAt: row.created_at }))
  }

  async listGroups(appId: string, options: { limit: number }): Promise<ConsoleGroupRow[]> {
    const rows = await this.store.db
      .selectFrom('conversations')
      .select(['id', 'name', 'owner_id', 'member_count', 'last_seq', 'created_at'])
      .where('app_id', '=', appId)
      .where('kind', '=', 'group')
      .orderBy('created_at', 'desc')
      .limit(options.limit)
      .execute()
    return rows.map((row) => ({ id: row.id, name: row.name, ownerId: row.owner_id, memberCount: row.member_count, lastSeq: row.last_seq, createdAt: row.created_at }))
  }

  async analytics(options: { appId?: string; since: number }): Promise<AnalyticsCounts> {
    return consoleAnalytics(this.store, options)
  }

  async overview(appId: string, options: { since: number }): Promise<ConsoleOverview> {
    return consoleOverview(this.store, appId, options)
  }
}
