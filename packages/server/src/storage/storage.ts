import type { AppSettings, ConversationKind, Ext, MemberRole, MessageBody } from '@warbler/protocol'
import type { BotStore } from './bot-store.js'
import type { ComplianceStore } from './compliance-store.js'
import type { AppKeyStore } from './app-key-store.js'
import type { AppPurgeStore } from './app-purge-store.js'
import type { EvaluationStore } from './evaluation-store.js'
import type { KnowledgeSourceStore } from './knowledge-source-store.js'
import type { ConsoleStore } from './console-store.js'
import type { FileStore } from './file-store.js'
import type { SupportStore } from './support-store.js'
import type { ToolStore } from './tool-store.js'
import type { PushStore } from './push-store.js'
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
  /** Webhooks, their delivery outbox and the before-send hook. */
  readonly webhooks: WebhookStore
  /** Metadata of uploaded files. */
  readonly files: FileStore
  readonly social: SocialStore
  /** Console accounts, sessions, audit log and console queries. */
  readonly console: ConsoleStore
  /**
   * Bots, their usage and redaction state. Optional until every backend has one: without it the
   * server keeps bots in a side SQLite file in the data dir (see `knowledge/open-knowledge.ts`).
   */
  readonly bots?: BotStore
  /** Customer service: agents, support state and assignment, notes, canned replies, CSAT, settings. */
  readonly support: SupportStore
  /** Bot tools: definitions, MCP servers, the audit of every call, the apps' identity signing keys (optional for test doubles). */
  readonly tools?: ToolStore
  /** Push notifications: device targets, the push outbox, provider credentials, preferences. */
  readonly push: PushStore
  /** Audit chain, erasure receipts, exports, legal holds, retention policies (optional for test doubles). */
  readonly compliance?: ComplianceStore
  /** Feedback, eval sets and runs, A/B variants (optional for test doubles). */
  readonly evaluations?: EvaluationStore
  /** Knowledge sources that stay in sync: sources, synced items, runs, curations (optional for test doubles). */
  readonly knowledgeSources?: KnowledgeSourceStore
  /** Each app's data key, wrapped by the master key (encryption at rest; optional for test doubles). */
  readonly appKeys?: AppKeyStore
  /** Deleting an app: the mark, then its rows purged in batches (optional for test doubles). */
  readonly appPurge?: AppPurgeStore
}

/** A tenant app as stored. The secret itself is never stored, only its SHA-256. */
export interface AppRecord {
  id: string
  name: string
  secretHash: string
  /** Key for HS256 user tokens, base64url. */
  signingKey: string
  createdAt: number
  /** Per-app settings as stored (possibly partial; the domain fills in defaults). */
  settings: Partial<AppSettings>
}

export interface AppStore {
  create(app: AppRecord): Promise<void>
  get(appId: string): Promise<AppRecord | undefined>
  getBySecretHash(secretHash: string): Promise<AppRecord | undefined>
  list(options: { limit: number; after?: string }): Promise<AppRecord[]>
  rotateSecret(appId: string, secretHash: string): Promise<boolean>
  updateSettings(appId: string, settings: Partial<AppSettings>): Promise<boolean>
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
  /**
   * The people directory: users whose name or id contains `query` (any case), or those of `ids`, by
   * name; never banned users nor those whose id starts with `excludeIdPrefix` (widget visitors).
   */
  searchPeople(appId: string, options: { query?: string; ids?: readonly string[]; excludeIdPrefix?: string; limit: number }): Promise<UserRecord[]>
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
  /** Group settings as stored (possibly partial; the domain fills in defaults). */
  settings: Record<string, unknown>
  /** Seq of the last `message` event (0 when none). */
  lastMessageSeq: number
  /** When the last event was stored (the creation time before that). */
  lastActivityAt: number
  dissolvedAt: number | null
}

/** A member of a conversation as stored. */
export interface MemberRecord {
  userId: string
  role: MemberRole
  joinedAt: number
  readSeq: number
  deliveredSeq: number
  /** Events before this seq are not visible to the member (joined without earlier history). */
  visibleFromSeq: number
  mutedUntil: number | null
  pinned: boolean
  notificationsMuted: boolean
}

/** A group join request as stored. */
export interface JoinRequestRecord {
  appId: string
  id: string
  conversationId: string
  userId: string
  message: string | null
  status: 'pending' | 'accepted' | 'declined'
  createdAt: number
  decidedBy: string | null
  decidedAt: number | null
}

export interface ConversationStore {
  /**
   * Returns the direct conversation of the pair, creating it (with both members) on first use.
   * Concurrent calls for the same pair return the same conversation.
   */
  getOrCreateDirect(appId: string, id: string, userA: string, userB: string, now: number): Promise<ConversationRecord>
  /** Whether the direct conversation of the pair exists already. */
  findDirect(appId: string, userA: string, userB: string): Promise<ConversationRecord | undefined>
  createGroup(
    record: Omit<ConversationRecord, 'lastSeq' | 'memberCount' | 'directKey' | 'lastMessageSeq' | 'lastActivityAt' | 'dissolvedAt'>,
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
  /** Moves the user's delivered position forward (never back, never past lastSeq). */
  markDelivered(appId: string, conversationId: string, userId: string, seq: number): Promise<number>
  /**
   * Adds members (existing members are left as they are) and returns the ids actually added. New
   * members start with everything read; with `hideHistory` they cannot see events before joining.
   */
  addMembers(appId: string, conversationId: string, members: readonly { userId: string; role: MemberRole }[], now: number, options: { hideHistory: boolean }): Promise<string[]>
  /** Removes members; returns the ids actually removed. */
  removeMembers(appId: string, conversationId: string, userIds: readonly string[]): Promise<string[]>
  updateMember(
    appId: string,
    conversationId: string,
    userId: string,
    patch: Partial<Pick<MemberRecord, 'role' | 'mutedUntil' | 'pinned' | 'notificationsMuted'>>,
  ): Promise<MemberRecord | undefined>
  updateConversation(
    appId: string,
    conversationId: string,
    patch: Partial<Pick<ConversationRecord, 'name' | 'ownerId' | 'settings' | 'ext' | 'dissolvedAt'>>,
  ): Promise<ConversationRecord | undefined>
  /** The user's conversations, pinned first, then by last activity (newest first). */
  listForUser(appId: string, userId: string, options: { limit: number; beforeActivityAt?: number }): Promise<{ conversation: ConversationRecord; member: MemberRecord }[]>
  /** Messages from others after `afterSeq` that are not recalled. */
  unreadCount(appId: string, conversationId: string, userId: string, afterSeq: number): Promise<number>
  /** How many members have read / received up to `seq`; with `listReaders`, who has read it. */
  receiptCounts(appId: string, conversationId: string, seq: number, options: { listReaders: boolean }): Promise<{ members: number; read: number; delivered: number; readers?: string[] }>
  /** Stores a pending join request; `already_exists` if the user has one pending for the group. */
  createJoinRequest(record: JoinRequestRecord): Promise<void>
  getJoinRequest(appId: string, id: string): Promise<JoinRequestRecord | undefined>
  listJoinRequests(appId: string, conversationId: string): Promise<JoinRequestRecord[]>
  /** Decides a pending request; undefined when it is not pending (any more). */
  decideJoinRequest(appId: string, id: string, status: 'accepted' | 'declined', by: string, now: number): Promise<JoinRequestRecord | undefined>
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
  replyToSeq?: number
  /**
   * Pre-tokenized text for message search. On a `message`, it indexes the message; on an `edit`, it
   * replaces the target's entry.
   */
  searchTokens?: string
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
  replyToSeq?: number
  editedAt?: number
  recalledAt?: number
  reactions?: Record<string, string[]>
  hidden?: boolean
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
   *
   * In the same transaction it keeps the target message's current state: an `edit` replaces the
   * target's body (and search entry) and sets `editedAt` unless the target is still streaming (an edit with `status: 'final'` closes a bot's
   * stream: the target's status becomes `final` and it takes the edit's `ext` when set); a `recall` clears its body, reactions and
   * search entry and sets `recalledAt`; a `reaction` (data `{ emoji, remove? }`) adds or removes the
   * sender in the target's `reactions`. A `message` moves the conversation's `lastMessageSeq`; every
   * event moves `lastActivityAt`.
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
  /** Hides a message for one user (delete for me). */
  hide(appId: string, userId: string, conversationId: string, seq: number): Promise<void>
  /** Which of the seqs the user has hidden. */
  hiddenAmong(appId: string, userId: string, conversationId: string, seqs: readonly number[]): Promise<Set<number>>
  /**
   * Full-text search over the messages the user can see (member, visible from their join point, not
   * hidden or recalled). `match` is pre-tokenized terms, all of which must occur. Newest first.
   */
  search(
    appId: string,
    userId: string,
    options: { terms: readonly string[]; conversationId?: string; senderId?: string; fromTs?: number; toTs?: number; limit: number },
  ): Promise<EventRecord[]>
}

/** A friend request as stored. */
export interface FriendRequestRecord {
  appId: string
  id: string
  fromId: string
  toId: string
  message: string | null
  status: 'pending' | 'accepted' | 'declined'
  createdAt: number
}

/** Friends, friend requests and blocks. */
export interface SocialStore {
  /** Stores a pending request; `already_exists` when one from the same user to the same user is pending. */
  createFriendRequest(record: FriendRequestRecord): Promise<void>
  getFriendRequest(appId: string, id: string): Promise<FriendRequestRecord | undefined>
  /** Decides a pending request; undefined when it is not pending (any more). */
  decideFriendRequest(appId: string, id: string, status: 'accepted' | 'declined', now: number): Promise<FriendRequestRecord | undefined>
  /** Pending requests to and from the user. */
  listFriendRequests(appId: string, userId: string): Promise<{ incoming: FriendRequestRecord[]; outgoing: FriendRequestRecord[] }>
  /** Makes two users friends of each other (idempotent). */
  addFriendship(appId: string, userA: string, userB: string, now: number): Promise<void>
  /** Ends a friendship both ways; returns whether there was one. */
  removeFriendship(appId: string, userA: string, userB: string): Promise<boolean>
  areFriends(appId: string, userA: string, userB: string): Promise<boolean>
  listFriends(appId: string, userId: string): Promise<{ userId: string; remark: string | null; createdAt: number }[]>
  /** Sets the user's remark for a friend; undefined when they are not friends. */
  setRemark(appId: string, userId: string, friendId: string, remark: string | null): Promise<{ userId: string; remark: string | null; createdAt: number } | undefined>
  block(appId: string, userId: string, blockedId: string, now: number): Promise<void>
  unblock(appId: string, userId: string, blockedId: string): Promise<void>
  /** Whether `userId` has blocked `otherId`. */
  isBlocked(appId: string, userId: string, otherId: string): Promise<boolean>
  listBlocked(appId: string, userId: string): Promise<string[]>
}

/** Server-wide key/value settings (operator key hash, demo seed marker, ...). */
export interface SettingStore {
  get(key: string): Promise<string | undefined>
  /** Sets the key only if it is not set yet; returns the value now stored. */
  setIfAbsent(key: string, value: string): Promise<string>
  set(key: string, value: string): Promise<void>
}
