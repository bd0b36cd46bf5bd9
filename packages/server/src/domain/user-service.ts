import { WarblerError, type User } from '@warbler/protocol'
import type { UserTokens } from '../auth/user-tokens.js'
import type { Storage, UserRecord } from '../storage/storage.js'
import { newId } from './ids.js'

/** The public view of a stored user. */
export function toUserView(user: UserRecord): User {
  return { id: user.id, name: user.name, kind: user.kind, avatarUrl: user.avatarUrl, ext: user.ext, createdAt: user.createdAt }
}

/** Users of an app, and their tokens. */
export class UserService {
  constructor(
    private readonly storage: Storage,
    private readonly tokens: UserTokens,
    private readonly defaultTokenTtlSeconds = 24 * 3600,
  ) {}

  async create(appId: string, input: { id?: string; name: string; kind?: 'person' | 'bot'; avatarUrl?: string; ext?: Record<string, unknown> }): Promise<UserRecord> {
    const created = await this.storage.users.create({
      appId,
      id: input.id ?? newId('u'),
      name: input.name,
      kind: input.kind ?? 'person',
      avatarUrl: input.avatarUrl ?? null,
      ext: input.ext ?? {},
      createdAt: Date.now(),
    })
    return { ...created }
  }

  /** The user, or `user_not_found`. */
  async require(appId: string, userId: string): Promise<UserRecord> {
    const user = await this.storage.users.get(appId, userId)
    if (!user) throw new WarblerError('user_not_found', `User ${userId} does not exist.`)
    return user
  }

  async update(appId: string, userId: string, patch: { name?: string; avatarUrl?: string | null; ext?: Record<string, unknown> }): Promise<UserRecord> {
    const updated = await this.storage.users.update(appId, userId, patch)
    if (!updated) throw new WarblerError('user_not_found', `User ${userId} does not exist.`)
    return updated
  }

  async list(appId: string, options: { limit: number; after?: string }): Promise<UserRecord[]> {
    return this.storage.users.list(appId, options)
  }

  async mintToken(appId: string, userId: string, ttlSeconds?: number): Promise<{ token: string; expiresAt: number }> {
    const user = await this.require(appId, userId)
    if (user.banned) throw new WarblerError('user_banned')
    return this.tokens.mint(user, ttlSeconds ?? this.defaultTokenTtlSeconds)
  }

  /** Every token of the user minted before now stops working. */
  async revokeTokens(appId: string, userId: string): Promise<number> {
    const version = await this.storage.users.bumpTokenVersion(appId, userId)
    if (version === undefined) throw new WarblerError('user_not_found', `User ${userId} does not exist.`)
    return version
  }

  /** Bans or unbans a user; a banned user's tokens are refused. */
  async setBanned(appId: string, userId: string, banned: boolean): Promise<UserRecord> {
    const updated = await this.storage.users.update(appId, userId, { banned })
    if (!updated) throw new WarblerError('user_not_found', `User ${userId} does not exist.`)
    return updated
  }
}
