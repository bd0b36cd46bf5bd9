/** A webhook endpoint of an app. The secret is kept as is: it is the HMAC key deliveries are signed with. */
export interface WebhookRecord {
  appId: string
  id: string
  url: string
  secret: string
  /** Event types, or `*`. */
  events: string[]
  enabled: boolean
  createdAt: number
  updatedAt: number
}

/** Where a delivery stands. */
export type DeliveryStatus = 'pending' | 'succeeded' | 'failed'

/** One delivery of one event to one webhook, with the outcome of its last attempt. */
export interface DeliveryRecord {
  appId: string
  id: string
  webhookId: string
  eventId: string
  type: string
  /** The exact JSON body sent (and signed) on every attempt. */
  payload: string
  status: DeliveryStatus
  attempts: number
  /** When the next attempt is due (unix ms); null once the delivery succeeded or failed for good. */
  nextAttemptAt: number | null
  lastStatusCode: number | null
  lastError: string | null
  lastResponseMs: number | null
  /** At most 1 KB of the receiver's last answer. */
  lastResponseBody: string | null
  createdAt: number
  updatedAt: number
}

/** The outcome of one attempt, written back by the dispatcher. */
export type DeliveryAttempt = Pick<
  DeliveryRecord,
  'status' | 'attempts' | 'nextAttemptAt' | 'lastStatusCode' | 'lastError' | 'lastResponseMs' | 'lastResponseBody' | 'updatedAt'
>

/** The synchronous before-send hook of an app. */
export interface BeforeSendHookRecord {
  appId: string
  url: string
  secret: string
  timeoutMs: number
  failMode: 'open' | 'closed'
  enabled: boolean
  updatedAt: number
}

/**
 * Webhooks, their deliveries (a durable outbox the dispatcher polls) and the before-send hook.
 * Every call takes `appId` except {@link WebhookStore.claimDue}, which serves the dispatcher of the
 * whole node and returns rows tagged with their app.
 */
export interface WebhookStore {
  create(record: WebhookRecord): Promise<void>
  get(appId: string, webhookId: string): Promise<WebhookRecord | undefined>
  /** The app's webhooks, oldest first. */
  list(appId: string): Promise<WebhookRecord[]>
  update(appId: string, webhookId: string, patch: Partial<Pick<WebhookRecord, 'url' | 'events' | 'enabled' | 'secret' | 'updatedAt'>>): Promise<WebhookRecord | undefined>
  /** Deletes the webhook and its deliveries; false when it did not exist. */
  delete(appId: string, webhookId: string): Promise<boolean>

  /** Stores new deliveries (status `pending`) in one transaction. */
  enqueue(deliveries: readonly DeliveryRecord[]): Promise<void>
  /**
   * Takes up to `limit` pending deliveries due at `now`, oldest due first, and pushes their
   * `nextAttemptAt` to `now + leaseMs` so no other poll takes them while they are in flight. A node
   * that dies mid-attempt leaves them to be retried when the lease runs out.
   */
  claimDue(now: number, limit: number, leaseMs: number): Promise<DeliveryRecord[]>
  /** Writes the outcome of an attempt. */
  recordAttempt(appId: string, deliveryId: string, attempt: DeliveryAttempt): Promise<void>
  getDelivery(appId: string, webhookId: string, deliveryId: string): Promise<DeliveryRecord | undefined>
  /** The webhook's deliveries, newest first; `after` is a delivery id of the previous page. */
  listDeliveries(appId: string, webhookId: string, options: { status?: DeliveryStatus; limit: number; after?: string }): Promise<DeliveryRecord[]>

  getBeforeSendHook(appId: string): Promise<BeforeSendHookRecord | undefined>
  putBeforeSendHook(record: BeforeSendHookRecord): Promise<void>
  /** False when the app had no hook. */
  deleteBeforeSendHook(appId: string): Promise<boolean>
}
