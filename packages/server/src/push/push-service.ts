import { WarblerError, type PushDelivery, type PushPreferences, type PushProvider, type PushTarget, type PushTargetInput } from '@warbler/protocol'
import type { AppBoxes } from '../compliance/keys/app-keyring.js'
import type { PushJobRecord, PushJobStatus, PushTargetRecord } from '../storage/push-store.js'
import type { Storage } from '../storage/storage.js'
import type { PushLogCursor } from './push-log-cursor.js'
import { newVapidCredentials, splitCredentials, type OpenedCredentials } from './provider-credentials.js'

/** Preferences a user has before setting any. */
export const DEFAULT_PREFERENCES: PushPreferences = { enabled: true, doNotDisturb: null, mentionsOverrideMute: true }

/** The address stored for a target: the token, or the subscription as JSON. */
export const targetAddress = (input: PushTargetInput): string =>
  input.provider === 'webpush' ? JSON.stringify({ endpoint: input.subscription.endpoint, keys: input.subscription.keys }) : input.token

/** The end of a token or endpoint: enough to tell devices apart, too little to use. */
const hint = (record: PushTargetRecord): string => {
  const text = record.provider === 'webpush' ? (JSON.parse(record.address) as { endpoint: string }).endpoint : record.address
  return `…${text.slice(-6)}`
}

/** A target as the API shows it. */
export const toTargetView = (record: PushTargetRecord): PushTarget => ({ userId: record.userId, deviceId: record.deviceId, provider: record.provider, hint: hint(record), createdAt: record.createdAt, updatedAt: record.updatedAt })

/** A job as the delivery log shows it (no payload, no token). */
export const toDeliveryView = (job: PushJobRecord): PushDelivery => ({
  id: job.id,
  userId: job.userId,
  deviceId: job.deviceId,
  provider: job.provider,
  conversationId: job.conversationId,
  seq: job.seq,
  collapsed: job.collapsed,
  status: job.status,
  attempts: job.attempts,
  lastStatusCode: job.lastStatusCode,
  lastError: job.lastError,
  createdAt: job.createdAt,
  sentAt: job.sentAt,
})

/**
 * Push targets, preferences, provider credentials (sealed at rest) and the delivery log: what the
 * REST routes and the gateway's `push.*` frames call. Sending lives in the planner and dispatcher.
 */
export class PushService {
  /** Told when a device is registered on this node (the planner's per-app cache). */
  onTargetsChanged: (appId: string) => void = () => undefined

  constructor(
    private readonly storage: Storage,
    /** Each app's secret box: credentials are sealed with the app's data key. */
    private readonly boxes: AppBoxes,
    /** The VAPID contact used until the app sets its own. */
    private readonly defaultVapidSubject: string,
  ) {}

  /** Registers (or replaces) a device of a user; the user must exist in the app. */
  async registerTarget(appId: string, userId: string, deviceId: string, input: PushTargetInput): Promise<PushTarget> {
    if (!(await this.storage.users.get(appId, userId))) throw new WarblerError('user_not_found', `No user ${userId} in this app.`)
    if (input.provider === 'webpush' && !(await this.storage.push.getCredential(appId, 'webpush'))) await this.vapidPublicKey(appId)
    const now = Date.now()
    const existing = (await this.storage.push.listTargets(appId, userId)).find((target) => target.deviceId === deviceId)
    const record: PushTargetRecord = { appId, userId, deviceId, provider: input.provider, address: targetAddress(input), createdAt: existing?.createdAt ?? now, updatedAt: now }
    await this.storage.push.putTarget(record)
    this.onTargetsChanged(appId)
    return toTargetView(record)
  }

  /** Removes a device of a user; false when it was not registered. */
  unregisterTarget(appId: string, userId: string, deviceId: string): Promise<boolean> {
    return this.storage.push.deleteTarget(appId, userId, deviceId)
  }

  /** Removes every device of a user (token revocation, sign-out everywhere, erasure). */
  forgetUser(appId: string, userId: string): Promise<number> {
    return this.storage.push.deleteTargetsOfUser(appId, userId)
  }

  async listTargets(appId: string, userId: string): Promise<PushTarget[]> {
    return (await this.storage.push.listTargets(appId, userId)).map(toTargetView)
  }

  async preferences(appId: string, userId: string): Promise<PushPreferences> {
    const [stored] = await this.storage.push.preferencesOf(appId, [userId])
    return stored ? { enabled: stored.enabled, doNotDisturb: stored.doNotDisturb, mentionsOverrideMute: stored.mentionsOverrideMute } : DEFAULT_PREFERENCES
  }

  async setPreferences(appId: string, userId: string, patch: Partial<PushPreferences>): Promise<PushPreferences> {
    if (!(await this.storage.users.get(appId, userId))) throw new WarblerError('user_not_found', `No user ${userId} in this app.`)
    if (patch.doNotDisturb) checkTimeZone(patch.doNotDisturb.timeZone)
    const next = { ...(await this.preferences(appId, userId)), ...patch }
    await this.storage.push.putPreferences({ appId, userId, ...next, updatedAt: Date.now() })
    return next
  }

  /** Stores a provider's credentials sealed; answers only what may be shown. */
  async setCredentials(appId: string, provider: PushProvider, input: unknown): Promise<{ provider: PushProvider; publicInfo: Record<string, unknown>; updatedAt: number }> {
    const existing = provider === 'webpush' ? await this.credentials(appId, 'webpush') : undefined
    const { secret, publicInfo } = splitCredentials(provider, input, existing)
    const updatedAt = Date.now()
    await this.storage.push.putCredential({ appId, provider, sealed: (await this.boxes.box(appId)).encrypt(JSON.stringify(secret)), publicInfo, updatedAt })
    return { provider, publicInfo, updatedAt }
  }

  async listCredentials(appId: string): Promise<{ provider: PushProvider; publicInfo: Record<string, unknown>; updatedAt: number }[]> {
    return (await this.storage.push.listCredentials(appId)).map(({ provider, publicInfo, updatedAt }) => ({ provider, publicInfo, updatedAt }))
  }

  deleteCredentials(appId: string, provider: PushProvider): Promise<boolean> {
    return this.storage.push.deleteCredential(appId, provider)
  }

  /** A provider's opened credentials, for sending only. */
  async credentials<P extends PushProvider>(appId: string, provider: P): Promise<OpenedCredentials[P] | undefined> {
    const record = await this.storage.push.getCredential(appId, provider)
    return record && (JSON.parse((await this.boxes.box(appId)).decrypt(record.sealed)) as OpenedCredentials[P])
  }

  /** The app's VAPID public key for browsers, generating the key pair on first use (once per cluster). */
  async vapidPublicKey(appId: string): Promise<string> {
    const existing = await this.storage.push.getCredential(appId, 'webpush')
    if (existing) return String(existing.publicInfo.publicKey)
    const { secret, publicInfo } = newVapidCredentials(this.defaultVapidSubject)
    const box = await this.boxes.box(appId)
    const kept = await this.storage.push.putCredentialIfAbsent({ appId, provider: 'webpush', sealed: box.encrypt(JSON.stringify(secret)), publicInfo, updatedAt: Date.now() })
    return String(kept.publicInfo.publicKey)
  }

  /**
   * The delivery log, newest first. `before` is the previous page's `next`: `<createdAt>.<job id>` of
   * its last row (or, as earlier versions answered, a creation time alone).
   */
  async deliveries(appId: string, query: { userId?: string; status?: PushJobStatus; before?: PushLogCursor; limit: number }): Promise<{ items: PushDelivery[]; next: string | null }> {
    const jobs = await this.storage.push.listJobs(appId, {
      ...(query.userId ? { userId: query.userId } : {}),
      ...(query.status ? { status: query.status } : {}),
      ...(query.before ? { beforeCreatedAt: query.before.createdAt, ...(query.before.id ? { beforeId: query.before.id } : {}) } : {}),
      limit: query.limit + 1,
    })
    const page = jobs.slice(0, query.limit)
    const last = page.at(-1)
    return { items: page.map(toDeliveryView), next: jobs.length > query.limit && last ? `${last.createdAt}.${last.id}` : null }
  }
}

function checkTimeZone(timeZone: string): void {
  try {
    new Intl.DateTimeFormat('en', { timeZone })
  } catch {
    throw new WarblerError('validation_failed', `doNotDisturb.timeZone: ${timeZone} is not a time zone (use an IANA name such as Asia/Shanghai).`)
  }
}
