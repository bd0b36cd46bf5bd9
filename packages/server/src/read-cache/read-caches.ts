import { GroupSettings, type ConversationKind, type MemberRole } from '@warbler/protocol'
import type { Storage } from '../storage/storage.js'
import type { WebhookRecord } from '../storage/webhook-store.js'
import { GuardedCache } from './guarded-cache.js'
import type { StorageChange } from './storage-changes.js'

/** What a send needs to know about a conversation (never its seqs or activity times, which change with every message). */
export interface ConversationRules {
  kind: ConversationKind
  dissolvedAt: number | null
  memberCount: number
  muteAll: boolean
}

/** What a send needs to know about its sender's membership (never read positions). */
export interface MemberRules {
  role: MemberRole
  mutedUntil: number | null
  visibleFromSeq: number
}

interface ConversationEntry {
  rules: ConversationRules
  members: Map<string, MemberRules>
  memberIds?: readonly string[]
}

/** Sizes and lifetimes of the caches. */
export interface ReadCacheOptions {
  /** Conversations kept (with their known members). */
  maxConversations: number
  /** Member ids kept across every cached member list (a 10,000-member group counts 10,000). */
  maxMemberIds: number
  /** Pairs of users whose block and friendship state is kept. */
  maxPairs: number
  /** Apps whose webhook list is kept. */
  maxApps: number
  /** Safety net: nothing is served older than this even if an invalidation was lost. */
  ttlMs: number
}

const DEFAULT_OPTIONS: ReadCacheOptions = { maxConversations: 50_000, maxMemberIds: 2_000_000, maxPairs: 100_000, maxApps: 10_000, ttlMs: 30_000 }

const key = (appId: string, id: string) => `${appId}\u0000${id}`
const pairKey = (appId: string, a: string, b: string) => (a < b ? `${appId}\u0000${a}\u0000${b}` : `${appId}\u0000${b}\u0000${a}`)

/**
 * Per-node caches of what every message send reads: a conversation's rules, the sender's role and
 * mutes, the member list the event fans out to, blocks and friendships of direct peers, and an app's
 * webhooks. Without them a send costs five more queries than its own insert.
 *
 * Every write that changes one of these goes through `reportStorageChanges`, which calls
 * {@link apply} on this node at once and announces the change on the cluster's control channel, so
 * every other node applies it too (within the bus's latency). Loads that race an invalidation are
 * not cached (see {@link GuardedCache}); a 30 s lifetime bounds the damage of a lost announcement.
 */
export class ReadCaches {
  private readonly conversations: GuardedCache<ConversationEntry>
  private readonly memberLists: GuardedCache<readonly string[]>
  private readonly pairs: GuardedCache<{ blocks: Map<string, boolean>; friends?: boolean }>
  private readonly webhookLists: GuardedCache<WebhookRecord[]>

  constructor(
    private readonly storage: Storage,
    options: Partial<ReadCacheOptions> = {},
  ) {
    const settings = { ...DEFAULT_OPTIONS, ...options }
    this.conversations = new GuardedCache({ max: settings.maxConversations, ttlMs: settings.ttlMs })
    this.memberLists = new GuardedCache({ max: settings.maxConversations, ttlMs: settings.ttlMs, sizeOf: (ids) => ids.length, maxSize: settings.maxMemberIds })
    this.pairs = new GuardedCache({ max: settings.maxPairs, ttlMs: settings.ttlMs })
    this.webhookLists = new GuardedCache({ max: settings.maxApps, ttlMs: settings.ttlMs })
  }

  /** The conversation's rules, or undefined when it does not exist in this app. */
  async conversation(appId: string, conversationId: string): Promise<ConversationRules | undefined> {
    return (await this.entry(appId, conversationId))?.rules
  }

  /** The user's membership rules, or undefined when they are not a member (or the conversation does not exist). */
  async member(appId: string, conversationId: string, userId: string): Promise<MemberRules | undefined> {
    const entryKey = key(appId, conversationId)
    const entry = await this.entry(appId, conversationId)
    if (!entry) return undefined
    const known = entry.members.get(userId)
    if (known) return known
    return this.conversations.fill(
      entryKey,
      entry,
      async () => {
        const member = await this.storage.conversations.getMember(appId, conversationId, userId)
        return member && { role: member.role, mutedUntil: member.mutedUntil, visibleFromSeq: member.visibleFromSeq }
      },
      (current, member) => {
        if (member) current.members.set(userId, member)
      },
    )
  }

  /** Every member's id (the fan-out list). */
  async memberIds(appId: string, conversationId: string): Promise<readonly string[]> {
    return (await this.memberLists.get(key(appId, conversationId), () => this.storage.conversations.memberIds(appId, conversationId))) ?? []
  }

  /** Whether `userId` has blocked `otherId`. */
  async isBlocked(appId: string, userId: string, otherId: string): Promise<boolean> {
    const pair = await this.pair(appId, userId, otherId)
    const known = pair.blocks.get(userId)
    if (known !== undefined) return known
    const pk = pairKey(appId, userId, otherId)
    return this.pairs.fill(
      pk,
      pair,
      () => this.storage.social.isBlocked(appId, userId, otherId),
      (current, blocked) => current.blocks.set(userId, blocked),
    )
  }

  /** Whether the two users are friends. */
  async areFriends(appId: string, a: string, b: string): Promise<boolean> {
    const pair = await this.pair(appId, a, b)
    if (pair.friends !== undefined) return pair.friends
    return this.pairs.fill(
      pairKey(appId, a, b),
      pair,
      () => this.storage.social.areFriends(appId, a, b),
      (current, friends) => (current.friends = friends),
    )
  }

  /** The app's webhooks. */
  async webhooks(appId: string): Promise<WebhookRecord[]> {
    return (await this.webhookLists.get(appId, () => this.storage.webhooks.list(appId))) ?? []
  }

  /** Forgets what a write (on this node or another) may have made stale. */
  apply(change: StorageChange): void {
    if (change.type === 'conversation') {
      this.conversations.invalidate(key(change.appId, change.conversationId))
      this.memberLists.invalidate(key(change.appId, change.conversationId))
    } else if (change.type === 'social') {
      this.pairs.invalidate(pairKey(change.appId, change.userIds[0], change.userIds[1]))
    } else {
      this.webhookLists.invalidate(change.appId)
    }
  }

  /** Forgets everything (e.g. when announcements may have been missed). */
  clear(): void {
    this.conversations.clear()
    this.memberLists.clear()
    this.pairs.clear()
    this.webhookLists.clear()
  }

  private async entry(appId: string, conversationId: string): Promise<ConversationEntry | undefined> {
    return this.conversations.get(key(appId, conversationId), async () => {
      const record = await this.storage.conversations.get(appId, conversationId)
      if (!record) return undefined
      const muteAll = record.kind === 'group' && GroupSettings.parse(record.settings).muteAll
      return { rules: { kind: record.kind, dissolvedAt: record.dissolvedAt, memberCount: record.memberCount, muteAll }, members: new Map() }
    })
  }

  private async pair(appId: string, a: string, b: string) {
    const pair = await this.pairs.get(pairKey(appId, a, b), async () => ({ blocks: new Map<string, boolean>() }))
    return pair!
  }
}
