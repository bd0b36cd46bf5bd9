import { randomUUID } from 'node:crypto'
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose'
import type { AppBoxes } from '../compliance/keys/app-keyring.js'
import type { ToolStore } from '../storage/tool-store.js'

/** How long an identity token lives, in seconds (the contract says at most 60). */
export const IDENTITY_TTL_SECONDS = 60

/** Who is asking, for one tool call. */
export interface IdentityClaims {
  appId: string
  /** The chatting user. */
  userId: string
  /** The tool called. */
  toolId: string
  conversationId: string
}

type PrivateKey = Awaited<ReturnType<typeof importJWK>>

/**
 * Each app's ES256 key pair for the `Warbler-Identity` header: made on first use (a racing node's
 * key wins, so the cluster shares one), the private half sealed with the app's data key at rest, the
 * public half served as the app's JWKS. Tokens carry `iss` (app id), `sub` (user), `aud` (tool
 * id), `conversationId`, a fresh `jti`, `iat` and `exp` 60 s later.
 *
 * @example
 * ```ts
 * const token = await keys.sign({ appId, userId: 'alice', toolId, conversationId })
 * // the tool: jwtVerify(token, createRemoteJWKSet(new URL(`${base}/api/v1/apps/${appId}/jwks.json`)), { issuer: appId, audience: toolId })
 * ```
 */
export class IdentityKeys {
  private readonly cache = new Map<string, Promise<{ kid: string; privateKey: PrivateKey; publicJwk: JWK }>>()

  constructor(
    private readonly store: ToolStore,
    private readonly boxes: AppBoxes,
    private readonly now: () => number = Date.now,
  ) {}

  private load(appId: string) {
    let entry = this.cache.get(appId)
    if (!entry) {
      entry = this.loadOrCreate(appId)
      entry.catch(() => this.cache.delete(appId))
      this.cache.set(appId, entry)
    }
    return entry
  }

  private async loadOrCreate(appId: string) {
    const box = await this.boxes.box(appId)
    let record = await this.store.getSigningKey(appId)
    if (!record) {
      const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true })
      const kid = randomUUID()
      const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' }
      record = await this.store.putSigningKey({
        appId,
        kid,
        publicJwk: JSON.stringify(publicJwk),
        privateJwkCiphertext: box.encrypt(JSON.stringify(await exportJWK(privateKey))),
        createdAt: this.now(),
      })
    }
    const privateJwk = JSON.parse(box.decrypt(record.privateJwkCiphertext)) as JWK
    return { kid: record.kid, privateKey: await importJWK(privateJwk, 'ES256'), publicJwk: JSON.parse(record.publicJwk) as JWK }
  }

  /** The app's public keys, as `GET /api/v1/apps/{appId}/jwks.json` serves them. */
  async jwks(appId: string): Promise<{ keys: JWK[] }> {
    return { keys: [(await this.load(appId)).publicJwk] }
  }

  /** Signs the identity token of one call. */
  async sign(claims: IdentityClaims): Promise<string> {
    const { kid, privateKey } = await this.load(claims.appId)
    const issuedAt = Math.floor(this.now() / 1000)
    return new SignJWT({ conversationId: claims.conversationId })
      .setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' })
      .setIssuer(claims.appId)
      .setSubject(claims.userId)
      .setAudience(claims.toolId)
      .setJti(randomUUID())
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + IDENTITY_TTL_SECONDS)
      .sign(privateKey)
  }
}
