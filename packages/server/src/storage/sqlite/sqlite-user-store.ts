import { WarblerError } from '@warbler/protocol'
import type { UserRecord, UserStore } from '../storage.js'
import type { SqliteDatabase } from './sqlite-driver.js'
import { toUser, type UserRow } from '../rows/user-row.js'

/** Users in SQLite. */
export class SqliteUserStore implements UserStore {
  private readonly insert
  private readonly byId
  private readonly page
  private readonly bump

  constructor(private readonly db: SqliteDatabase) {
    this.insert = db.prepare(
      'INSERT INTO users (app_id, id, name, kind, avatar_url, ext, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
    )
    this.byId = db.prepare('SELECT * FROM users WHERE app_id = ? AND id = ?')
    this.page = db.prepare('SELECT * FROM users WHERE app_id = ? AND id > ? ORDER BY id LIMIT ?')
    this.bump = db.prepare('UPDATE users SET token_version = token_version + 1 WHERE app_id = ? AND id = ? RETURNING token_version')
  }

  async create(user: Omit<UserRecord, 'tokenVersion' | 'banned'>): Promise<UserRecord> {
    const { changes } = this.insert.run(user.appId, user.id, user.name, user.kind, user.avatarUrl, JSON.stringify(user.ext), user.createdAt)
    if (changes === 0) throw new WarblerError('already_exists', `User ${user.id} already exists.`)
    return { ...user, tokenVersion: 0, banned: false }
  }

  async get(appId: string, userId: string): Promise<UserRecord | undefined> {
    const row = this.byId.get(appId, userId) as UserRow | undefined
    return row && toUser(row)
  }

  async existing(appId: string, userIds: readonly string[]): Promise<Set<string>> {
    const found = new Set<string>()
    for (let start = 0; start < userIds.length; start += 500) {
      const slice = userIds.slice(start, start + 500)
      const rows = this.db
        .prepare(`SELECT id FROM users WHERE app_id = ? AND id IN (${slice.map(() => '?').join(',')})`)
        .all(appId, ...slice) as { id: string }[]
      for (const row of rows) found.add(row.id)
    }
    return found
  }

  async list(appId: string, options: { limit: number; after?: string }): Promise<UserRecord[]> {
    return (this.page.all(appId, options.after ?? '', options.limit) as UserRow[]).map(toUser)
  }

  async update(
    appId: string,
    userId: string,
    patch: Partial<Pick<UserRecord, 'name' | 'avatarUrl' | 'ext' | 'banned'>>,
  ): Promise<UserRecord | undefined> {
    const current = await this.get(appId, userId)
    if (!current) return undefined
    const next = { ...current, ...patch }
    this.db
      .prepare('UPDATE users SET name = ?, avatar_url = ?, ext = ?, banned = ? WHERE app_id = ? AND id = ?')
      .run(next.name, next.avatarUrl, JSON.stringify(next.ext), next.banned ? 1 : 0, appId, userId)
    return next
  }

  async bumpTokenVersion(appId: string, userId: string): Promise<number | undefined> {
    const row = this.bump.get(appId, userId) as { token_version: number } | undefined
    return row?.token_version
  }
}
