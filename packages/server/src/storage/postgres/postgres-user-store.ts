import { WarblerError } from '@warbler/protocol'
import type { UserRecord, UserStore } from '../storage.js'
import type { PgQueryable } from './postgres-driver.js'
import { toUser, type UserRow } from '../rows/user-row.js'

/** Users in PostgreSQL. */
export class PostgresUserStore implements UserStore {
  constructor(private readonly db: PgQueryable) {}

  async create(user: Omit<UserRecord, 'tokenVersion' | 'banned'>): Promise<UserRecord> {
    const { rowCount } = await this.db.query(
      'INSERT INTO users (app_id, id, name, kind, avatar_url, ext, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING',
      [user.appId, user.id, user.name, user.kind, user.avatarUrl, JSON.stringify(user.ext), user.createdAt],
    )
    if (rowCount === 0) throw new WarblerError('already_exists', `User ${user.id} already exists.`)
    return { ...user, tokenVersion: 0, banned: false }
  }

  async get(appId: string, userId: string): Promise<UserRecord | undefined> {
    const { rows } = await this.db.query<UserRow>('SELECT * FROM users WHERE app_id = $1 AND id = $2', [appId, userId])
    return rows[0] && toUser(rows[0])
  }

  async existing(appId: string, userIds: readonly string[]): Promise<Set<string>> {
    if (userIds.length === 0) return new Set()
    const { rows } = await this.db.query<{ id: string }>('SELECT id FROM users WHERE app_id = $1 AND id = ANY($2::text[])', [appId, [...userIds]])
    return new Set(rows.map((row) => row.id))
  }

  async list(appId: string, options: { limit: number; after?: string }): Promise<UserRecord[]> {
    const { rows } = await this.db.query<UserRow>('SELECT * FROM users WHERE app_id = $1 AND id > $2 ORDER BY id LIMIT $3', [
      appId,
      options.after ?? '',
      options.limit,
    ])
    return rows.map(toUser)
  }

  async update(
    appId: string,
    userId: string,
    patch: Partial<Pick<UserRecord, 'name' | 'avatarUrl' | 'ext' | 'banned'>>,
  ): Promise<UserRecord | undefined> {
    // One statement, so two concurrent patches of different fields do not undo each other.
    const { rows } = await this.db.query<UserRow>(
      `UPDATE users SET
         name = CASE WHEN $3 THEN $4 ELSE name END,
         avatar_url = CASE WHEN $5 THEN $6 ELSE avatar_url END,
         ext = CASE WHEN $7 THEN $8 ELSE ext END,
         banned = CASE WHEN $9 THEN $10 ELSE banned END
       WHERE app_id = $1 AND id = $2 RETURNING *`,
      [
        appId,
        userId,
        patch.name !== undefined,
        patch.name ?? null,
        patch.avatarUrl !== undefined,
        patch.avatarUrl ?? null,
        patch.ext !== undefined,
        patch.ext === undefined ? null : JSON.stringify(patch.ext),
        patch.banned !== undefined,
        patch.banned ?? null,
      ],
    )
    return rows[0] && toUser(rows[0])
  }

  async bumpTokenVersion(appId: string, userId: string): Promise<number | undefined> {
    const { rows } = await this.db.query<{ token_version: number }>(
      'UPDATE users SET token_version = token_version + 1 WHERE app_id = $1 AND id = $2 RETURNING token_version',
      [appId, userId],
    )
    return rows[0]?.token_version
  }
}
