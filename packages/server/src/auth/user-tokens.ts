import { SignJWT, decodeJwt, errors, jwtVerify } from 'jose'
import { WarblerError } from '@warbler/protocol'
import type { Storage, UserRecord } from '../storage/storage.js'

const ISSUER = 'warbler'

/** What a verified user token says. */
export interface TokenIdentity {
  appId: string
  userId: string
  user: UserRecord
}

/**
 * User tokens: HS256 JWTs signed with a per-app key. A token names its app (`app`), user (`sub`) and
 * the user's token version (`ver`); revoking bumps the version so every older token is refused.
 */
export class UserTokens {
  private readonly keys = new Map<string, Uint8Array>()

  constructor(private readonly storage: Storage) {}

  private async keyOf(appId: string): Promise<Uint8Array> {
    const cached = this.keys.get(appId)
    if (cached) return cached
    const app = await this.storage.apps.get(appId)
    if (!app) {
      if ((await this.storage.appKeys?.get(appId))?.destroyedAt != null) throw new WarblerError('app_not_found', 'This app was deleted: its tokens no longer work.')
      throw new WarblerError('invalid_credentials', 'The token names an unknown app.')
    }
    const key = new Uint8Array(Buffer.from(app.signingKey, 'base64url'))
    this.keys.set(appId, key)
    return key
  }

  /** Mints a token for a user that exists. */
  async mint(user: UserRecord, ttlSeconds: number): Promise<{ token: string; expiresAt: number }> {
    const now = Math.floor(Date.now() / 1000)
    const expiresAtSeconds = now + ttlSeconds
    const token = await new SignJWT({ app: user.appId, ver: user.tokenVersion })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(ISSUER)
      .setAudience(user.appId)
      .setSubject(user.id)
      .setIssuedAt(now)
      .setExpirationTime(expiresAtSeconds)
      .sign(await this.keyOf(user.appId))
    return { token, expiresAt: expiresAtSeconds * 1000 }
  }

  /** Verifies a token and the user behind it; throws a WarblerError saying why it is refused. */
  async verify(token: string): Promise<TokenIdentity> {
    let appId: unknown
    try {
      appId = decodeJwt(token).app
    } catch {
      if (token.startsWith('wsk_')) {
        throw new WarblerError('invalid_credentials', 'This is an app secret: clients connect with a user token, which your backend mints with POST /api/v1/apps/{appId}/users/{userId}/tokens. Keep the app secret on your backend.', {
          details: { reason: 'app_secret' },
        })
      }
      throw new WarblerError('invalid_credentials', 'The token is not a valid JWT.')
    }
    if (typeof appId !== 'string') throw new WarblerError('invalid_credentials', 'The token names no app.')
    let payload
    try {
      ;({ payload } = await jwtVerify(token, await this.keyOf(appId), { issuer: ISSUER, audience: appId, algorithms: ['HS256'] }))
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw new WarblerError('token_expired')
      if (WarblerError.isInstance(error)) throw error
      throw new WarblerError('invalid_credentials', 'The token signature or claims are not valid.')
    }
    const userId = payload.sub
    if (typeof userId !== 'string') throw new WarblerError('invalid_credentials', 'The token names no user.')
    const user = await this.storage.users.get(appId, userId)
    if (!user) throw new WarblerError('user_not_found', 'The token names a user that does not exist.')
    if (payload.ver !== user.tokenVersion) throw new WarblerError('token_revoked')
    if (user.banned) throw new WarblerError('user_banned')
    return { appId, userId, user }
  }

  /** Forgets a cached signing key (after rotation). */
  forget(appId: string): void {
    this.keys.delete(appId)
  }
}
