import { randomBytes } from 'node:crypto'
import { AppSettings, WarblerError } from '@warbler/protocol'
import { hashSecret, newSecret } from '../auth/secrets.js'
import type { AppRecord, Storage } from '../storage/storage.js'
import { newId } from './ids.js'

/** Tenant apps: creation, secret rotation and secret authentication. */
export class AppService {
  /** Settings are read on every send; a short cache keeps that off the database. */
  private readonly settingsCache = new Map<string, { settings: AppSettings; expiresAt: number }>()

  constructor(
    private readonly storage: Storage,
    /** How long a node may use settings it read (another node's change shows within this time). */
    private readonly settingsTtlMs = 2000,
  ) {}

  /** Creates an app; the secret is returned once and stored only as a hash. */
  async create(name: string): Promise<{ id: string; name: string; secret: string; createdAt: number }> {
    const secret = newSecret('wsk')
    const app: AppRecord = {
      id: newId('app'),
      name,
      secretHash: hashSecret(secret),
      signingKey: randomBytes(32).toString('base64url'),
      createdAt: Date.now(),
      settings: {},
    }
    await this.storage.apps.create(app)
    return { id: app.id, name, secret, createdAt: app.createdAt }
  }

  /** Replaces the app's secret; the old one stops working at once. */
  async rotateSecret(appId: string): Promise<{ id: string; name: string; secret: string }> {
    const app = await this.require(appId)
    const secret = newSecret('wsk')
    await this.storage.apps.rotateSecret(appId, hashSecret(secret))
    return { id: app.id, name: app.name, secret }
  }

  /** The app's settings with defaults filled in. */
  async settings(appId: string): Promise<AppSettings> {
    const cached = this.settingsCache.get(appId)
    if (cached && cached.expiresAt > Date.now()) return cached.settings
    const settings = AppSettings.parse((await this.require(appId)).settings)
    if (this.settingsCache.size > 10_000) this.settingsCache.clear()
    this.settingsCache.set(appId, { settings, expiresAt: Date.now() + this.settingsTtlMs })
    return settings
  }

  /** Changes some settings; returns them all. */
  async updateSettings(appId: string, patch: Partial<AppSettings>): Promise<AppSettings> {
    const current = await this.settings(appId)
    const next = AppSettings.parse({ ...current, ...patch })
    await this.storage.apps.updateSettings(appId, next)
    this.settingsCache.set(appId, { settings: next, expiresAt: Date.now() + this.settingsTtlMs })
    return next
  }

  /** Forgets what this node cached of the app (it was deleted). */
  forget(appId: string): void {
    this.settingsCache.delete(appId)
  }

  /** The app, or `app_not_found`. */
  async require(appId: string): Promise<AppRecord> {
    const app = await this.storage.apps.get(appId)
    if (!app) throw new WarblerError('app_not_found')
    return app
  }

  /**
   * The app a secret belongs to. With `appId`, the secret must belong to that app (a valid secret of
   * another app is refused the same way as a wrong one, so ids cannot be probed).
   */
  async authenticate(secret: string, appId?: string): Promise<AppRecord> {
    const app = await this.storage.apps.getBySecretHash(hashSecret(secret))
    if (app && (appId === undefined || app.id === appId)) return app
    if (app) {
      // The caller holds this secret, so naming its app tells them nothing new, and says what to fix.
      throw new WarblerError('invalid_credentials', `The app id and the app secret do not match: the path names ${appId}, the secret is ${app.id}'s. Use that app's id, or the secret of ${appId}.`, {
        details: { reason: 'app_mismatch' },
      })
    }
    // A deleted app's id says so (its secret was revoked with it); a never-existing id stays unprobeable.
    if (appId !== undefined && (await this.storage.appKeys?.get(appId))?.destroyedAt != null) throw new WarblerError('app_not_found', 'This app was deleted.')
    if (looksLikeUserToken(secret)) {
      throw new WarblerError('invalid_credentials', 'This is a user token: the REST API takes the app secret (wsk_…) as "Authorization: Bearer <secret>", from your backend. User tokens are for the SDK and the WebSocket.', {
        details: { reason: 'user_token' },
      })
    }
    throw new WarblerError('invalid_credentials', 'The app secret is not valid for this app.')
  }
}

/** A JWT's shape (three base64url parts, a JSON header): what user tokens are, unlike `wsk_` secrets. */
function looksLikeUserToken(credential: string): boolean {
  return /^eyJ[\w-]*\.[\w-]+\.[\w-]+$/.test(credential)
}
