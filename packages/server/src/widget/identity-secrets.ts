import { createHmac } from 'node:crypto'
import type { AppBoxes } from '../compliance/keys/app-keyring.js'
import { newSecret, safeEqual } from '../auth/secrets.js'
import type { SettingStore } from '../storage/storage.js'

const keyOf = (appId: string) => `widget.identity-secret.${appId}`

/** `hex HMAC-SHA256(secret, userId)`: what a site's backend computes for identity verification. */
export function userHashOf(secret: string, userId: string): string {
  return createHmac('sha256', secret).update(userId, 'utf8').digest('hex')
}

/**
 * Each app's widget identity secret, kept encrypted at rest with the app's data key (as bot
 * provider keys are; one sealed with the server's key of before still opens) in the server settings store, so it can be read back to check `userHash`.
 *
 * @example
 * ```ts
 * const secret = await identitySecrets.rotate(appId) // shown once to the site owner
 * await identitySecrets.verify(appId, 'user-42', userHashOf(secret, 'user-42')) // true
 * ```
 */
export class IdentitySecrets {
  private readonly cache = new Map<string, { secret: string | undefined; expiresAt: number }>()

  constructor(
    private readonly settings: SettingStore,
    private readonly boxes: AppBoxes,
    /** Another node's rotation is seen within this time. */
    private readonly ttlMs = 2000,
  ) {}

  /** Creates or replaces the app's identity secret; the old one stops verifying at once on this node. */
  async rotate(appId: string): Promise<string> {
    const secret = newSecret('wis')
    await this.settings.set(keyOf(appId), (await this.boxes.box(appId)).encrypt(secret))
    this.cache.set(appId, { secret, expiresAt: Date.now() + this.ttlMs })
    return secret
  }

  /** The app's identity secret, or undefined when none was created. */
  async get(appId: string): Promise<string | undefined> {
    const cached = this.cache.get(appId)
    if (cached && cached.expiresAt > Date.now()) return cached.secret
    const stored = await this.settings.get(keyOf(appId))
    const secret = stored ? (await this.boxes.box(appId)).decrypt(stored) : undefined
    if (this.cache.size > 10_000) this.cache.clear()
    this.cache.set(appId, { secret, expiresAt: Date.now() + this.ttlMs })
    return secret
  }

  /** Whether `userHash` is the HMAC of `userId` under the app's secret (false when it has none). */
  async verify(appId: string, userId: string, userHash: string): Promise<boolean> {
    const secret = await this.get(appId)
    if (!secret) return false
    return safeEqual(userHashOf(secret, userId), userHash.toLowerCase())
  }
}
