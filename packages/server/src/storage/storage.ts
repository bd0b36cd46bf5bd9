import type { ConversationKind, Ext, MemberRole, MessageBody } from '@warbler/protocol'
import type { ConsoleStore } from './console-store.js'
import type { FileStore } from './file-store.js'
import type { WebhookStore } from './webhook-store.js'

/**
 * The storage interface every backend implements (SQLite embedded, PostgreSQL for scale-out).
 * Every call that touches tenant data takes `appId`, and no implementation may return a row of
 * another app. All methods are async so network-backed stores fit the same shape.
 */
export interface Storage {
  /** Which backend this is, for logs and `/readyz`. */
  readonly kind: 'sqlite' | 'postgres'
  /** Applies pending migrations. Safe to call on every start. */
  migrate(): Promise<void>
  /** Cheap liveness check of the backing database. */
  ping(): Promise<void>
  close(): Promise<void>

  readonly apps: AppStore
  readonly users: UserStore
  readonly conversations: ConversationStore
  readonly events: EventStore
  readonly settings: SettingStore
  /** Console accounts, sessions, audit log and console queries. */
  readonly console: ConsoleStore
  /** Webhooks, their delivery outbox and the before-send hook. */
  readonly webhooks: WebhookStore
  /** Metadata of uploaded files. */
  readonly files: FileStore
}

/** A tenant app as stored. The secret itself is never stored, only its SHA-256. */
export interface AppRecord {
  id: string
  name: string
  secretHash: string
  /** Key for HS256 user tokens, base64url. */
  signingKey: string
  createdAt: number
}

export interface AppStore {
  create(app: AppRecord): Promise<void>
  get(appId: string): Promise<AppRecord | undefined>
  getBySecretHash(secretHash: string): Promise<AppRecord | undefined>
  list(options: { limit: number; after?: string }): Promise<AppRecord[]>
  rotateSecret(appId: string, secretHash: string): Promise<boolean>
}

/** A user as stored. */
export interface UserRecord {
  appId: string
  id: string
  name: string
  kind: 'person' | 'bot'
  avatarUrl: string | null
  ext: Ext
  /** Tokens carrying an older version are refused. */
  tokenVersion: number
  banned: boolean
  createdAt: number
}

export interface UserStore {
  /** Creates a user; throws `already_exists` when the id is taken in this app. */
  create(user: Omit<UserRecord, 'tokenVersion' | 'banned'>): Promise<UserRecord>
  get(appId: string, userId: string): Promise<UserRecord | undefined>
  /** Which of the given ids exist in the app. */
  existing(appId: string, userIds: readonly string[]): Promise<Set<string>>
  list(appId: string, options: { limit: number; after?: string }): Promise<UserRecord[]>
  update(appId: string, userId: string, patch: Partial<Pick<UserRecord, 'name' | 'avatarUrl' | 'ext' | 'banned'>>): Promise<UserRecord | undefined>
  /** Increments the token version, so every token minted before stops working. Returns the new version. */
  bumpTokenVersion(appId: string, userId: string): Promise<number | undefined>
}

/** A conversation as stored. */
export interface ConversationRecord {
  appId: string
  id: string
  kind: ConversationKind
  name: string | null
  ownerId: string | null
  /** For direct conversations: the two user ids, sorted and joined, unique per app. */
  directKey: string | null
  lastSeq: number
  memberCount: number
  ext: Ext
  createdAt: number
}

/** A member of a conversation as stored. */
export interface MemberRecord {
  userId: string
  role: MemberRole
  joinedAt: number
  readSeq: number
}

export interface ConversationStore {
  /**
   * Returns the direct conversation of the pair, creating it (with both members) on first use.
   * Concurrent calls for the same pair return the same conversation.
   */
  getOrCreateDirect(appId: string, id: string, userA: string, userB: string, now: number): Promise<ConversationRecord>
  createGroup(
    record: Omit<ConversationRecord, 'lastSeq' | 'memberCount' | 'directKey'>,
    members: readonly { userId: string; role: MemberRole }[],
  ): Promise<ConversationRecord>
  get(appId: string, conversationId: string): Promise<ConversationRecord | undefined>
  /** The member row of a user, or undefined when they are not a member. */
  getMember(appId: string, conversationId: string, userId: string): Promise<MemberRecord | undefined>
  listMembers(appId: string, conversationId: string, options?: { limit?: number; after?: string }): Promise<MemberRecord[]>
  /** User ids of every member (for fan-out). */
  memberIds(appId: string, conversationId: string): Promise<string[]>
  /**
   * Where each of the user's conversations stands. With `cursors`, only conversations whose
   * `lastSeq` is past the cursor (conversations without a cursor count as cursor 0).
   */
  cursorsForUser(
    appId: string,
    userId: string,
    cursors?: Readonly<Record<string, number>>,
  ): Promise<{ conversationId: string; kind: ConversationKind; lastSeq: number; readSeq: number }[]>
  /** Moves the user's read position forward (never back). Returns the read position now. */
  markRead(appId: string, conversationId: string, userId: string, seq: number): Promise<number>
}

/** What an append writes. */
export interface NewEvent {
  appId: string
  conversationId: string
  senderId: string
  kind: 'message' | 'edit' | 'recall' | 'reaction' | 'member' | 'system'
  body?: MessageBody
  data?: unknown
  targetSeq?: number
  status?: 'final' | 'streaming'
  clientMsgId?: string
  ext?: Ext
  ts: number
}

/** An event as stored and read back. */
export interface EventRecord {
  conversationId: string
  seq: number
  ts: number
  senderId: string
  kind: NewEvent['kind']
  body?: MessageBody
  data?: unknown
  targetSeq?: number
  status?: 'final' | 'streaming'
  clientMsgId?: string
  ext?: Ext
}

/** The result of an append: the stored event, and whether it was already stored by an earlier send. */
export interface AppendResult {
  event: EventRecord
  duplicate: boolean
}

export interface EventStore {
  /**
   * Appends an event with the next gapless seq of its conversation, in one transaction.
   * When `clientMsgId` is set and `(appId, senderId, clientMsgId)` was stored before, stores nothing and
   * returns the first event with `duplicate: true`. Resolves only after the commit is durable.
   * Throws `conversation_not_found` if the conversation does not exist in the app.
   */
  append(event: NewEvent): Promise<AppendResult>
  /**
   * A page of events, ascending by seq. `afterSeq`: the first `limit` events after it.
   * `beforeSeq`: the last `limit` events before it. `hasMore` tells whether more lie in that direction.
   */
  range(
    appId: string,
    conversationId: string,
    options: { afterSeq?: number; beforeSeq?: number; limit: number },
  ): Promise<{ events: EventRecord[]; hasMore: boolean }>
  /** One event by seq. */
  get(appId: string, conversationId: string, seq: number): Promise<EventRecord | undefined>
}

/** Server-wide key/value settings (operator key hash, demo seed marker, ...). */
export interface SettingStore {
  get(key: string): Promise<string | undefined>
  /** Sets the key only if it is not set yet; returns the value now stored. */
  setIfAbsent(key: string, value: string): Promise<string>
  set(key: string, value: string): Promise<void>
}
