import type { DoNotDisturb, PushProvider } from '@warbler/protocol'

/** Where one of a user's devices is reached. */
export interface PushTargetRecord {
  appId: string
  userId: string
  deviceId: string
  provider: PushProvider
  /** The device token, or the Web Push subscription as JSON text. */
  address: string
  createdAt: number
  updatedAt: number
}

/** Where a push job stands. */
export type PushJobStatus = 'pending' | 'sent' | 'failed' | 'pruned' | 'skipped'

/** One push to one device: a message, or a burst of messages in one conversation collapsed into one. */
export interface PushJobRecord {
  appId: string
  id: string
  userId: string
  deviceId: string
  provider: PushProvider
  conversationId: string
  /** The newest message of the burst. */
  seq: number
  /** How many messages this push stands for. */
  collapsed: number
  /** The notification as JSON text (title, body, badge, data). */
  payload: string
  status: PushJobStatus
  attempts: number
  nextAttemptAt: number
  lastStatusCode: number | null
  lastError: string | null
  /** When the newest message of the burst was committed. */
  messageAt: number
  createdAt: number
  updatedAt: number
  sentAt: number | null
}

/** A job to queue: one device, one message. */
export type NewPushJob = Pick<PushJobRecord, 'appId' | 'id' | 'userId' | 'deviceId' | 'provider' | 'conversationId' | 'seq' | 'payload' | 'nextAttemptAt' | 'messageAt' | 'createdAt'>

/** The outcome of an attempt, written back by the dispatcher. */
export type PushJobOutcome = Pick<PushJobRecord, 'status' | 'attempts' | 'nextAttemptAt' | 'lastStatusCode' | 'lastError' | 'updatedAt' | 'sentAt'>

/** A provider's credentials for an app: the sealed secret part and the public part. */
export interface PushCredentialRecord {
  appId: string
  provider: PushProvider
  /** Sealed with the server's secret box; opened only by the push providers. */
  sealed: string
  /** What may be shown (project id, key id, bundle id, VAPID public key…). */
  publicInfo: Record<string, unknown>
  updatedAt: number
}

/** A user's push preferences. */
export interface PushPreferencesRecord {
  appId: string
  userId: string
  enabled: boolean
  doNotDisturb: DoNotDisturb | null
  mentionsOverrideMute: boolean
  updatedAt: number
}

/** Filters of the delivery log. */
export interface PushJobQuery {
  userId?: string
  status?: PushJobStatus
  /** Newest first, strictly before this creation time (the previous page's last `createdAt`). */
  beforeCreatedAt?: number
  /**
   * With `beforeCreatedAt`: the previous page's last job id, so jobs created in that same millisecond
   * (one message's pushes to many devices) that sort after it (by id, descending) are listed too.
   */
  beforeId?: string
  limit: number
}

/**
 * Push notifications: device targets, the push outbox with its claim-and-lease, credentials per
 * provider and preferences per user. One device token belongs to one user at a time: registering
 * it for a user removes it from whoever had it before (a shared browser or phone changing hands).
 */
export interface PushStore {
  /** Registers or replaces the target of a user's device; removes the same address from any other user or device of the app. */
  putTarget(record: PushTargetRecord): Promise<void>
  /** Removes a user's device; false when there was none. */
  deleteTarget(appId: string, userId: string, deviceId: string): Promise<boolean>
  /** Removes every device of a user (sign-out everywhere, token revocation, erasure); the count removed. */
  deleteTargetsOfUser(appId: string, userId: string): Promise<number>
  /** Removes the target whose address the provider called invalid, if it still has that address. */
  pruneTarget(appId: string, userId: string, deviceId: string, address: string): Promise<boolean>
  listTargets(appId: string, userId: string): Promise<PushTargetRecord[]>
  /** Whether any user of the app has a push device. */
  appHasTargets(appId: string): Promise<boolean>
  /** The targets of several users at once (the recipients of one message). */
  targetsOfUsers(appId: string, userIds: readonly string[]): Promise<PushTargetRecord[]>

  /**
   * Queues pushes. A job whose device already has a pending, never-attempted job for the same
   * conversation joins it instead (the burst collapses: newest seq and payload, `collapsed` + 1).
   * A job for a device and message already queued is ignored. Returns how many rows were added.
   */
  enqueue(jobs: readonly NewPushJob[]): Promise<number>
  /** Claims up to `limit` due pending jobs, leasing each for `leaseMs` (one node at a time). */
  claimDue(now: number, limit: number, leaseMs: number): Promise<PushJobRecord[]>
  /** Records an attempt's outcome. */
  recordOutcome(appId: string, jobId: string, outcome: PushJobOutcome): Promise<void>
  /** The delivery log, newest first. */
  listJobs(appId: string, query: PushJobQuery): Promise<PushJobRecord[]>
  /** Removes finished jobs created before `before` (the log's retention); the count removed. */
  deleteFinishedBefore(before: number, limit: number): Promise<number>
  /** Removes a user's jobs, pending ones included (erasure); the count removed. */
  deleteJobsOfUser(appId: string, userId: string): Promise<number>

  putCredential(record: PushCredentialRecord): Promise<void>
  getCredential(appId: string, provider: PushProvider): Promise<PushCredentialRecord | undefined>
  listCredentials(appId: string): Promise<PushCredentialRecord[]>
  deleteCredential(appId: string, provider: PushProvider): Promise<boolean>
  /** Stores the credential only if the app has none for that provider yet (first VAPID keys); returns the one kept. */
  putCredentialIfAbsent(record: PushCredentialRecord): Promise<PushCredentialRecord>

  putPreferences(record: PushPreferencesRecord): Promise<void>
  /** Preferences of several users (absent ones have none stored). */
  preferencesOf(appId: string, userIds: readonly string[]): Promise<PushPreferencesRecord[]>
  deletePreferences(appId: string, userId: string): Promise<boolean>
}
