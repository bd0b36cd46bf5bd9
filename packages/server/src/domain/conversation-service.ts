import { GroupSettings, WarblerError, type Conversation, type ConversationListItem } from '@warbler/protocol'
import type { ConversationRecord, MemberRecord, Storage } from '../storage/storage.js'
import { newId } from './ids.js'

/** Groups up to this size list their members inline in the conversation view. */
const INLINE_MEMBERS = 50

/** Conversations: direct pairs and groups, with membership checks on every read. */
export class ConversationService {
  constructor(private readonly storage: Storage) {}

  /** The user's conversation list: pinned first, then by last activity, with previews and unread counts. */
  async list(appId: string, userId: string, options: { limit: number; beforeActivityAt?: number }): Promise<{ items: ConversationListItem[]; hasMore: boolean }> {
    const rows = await this.storage.conversations.listForUser(appId, userId, { ...options, limit: options.limit + 1 })
    const page = rows.slice(0, options.limit)
    const items = await Promise.all(
      page.map(async ({ conversation, member }) => {
        const [unreadCount, last] = await Promise.all([
          this.storage.conversations.unreadCount(appId, conversation.id, userId, Math.max(member.readSeq, member.visibleFromSeq - 1)),
          conversation.lastMessageSeq >= Math.max(1, member.visibleFromSeq) ? this.storage.events.get(appId, conversation.id, conversation.lastMessageSeq) : undefined,
        ])
        return {
          conversation: await this.view(conversation),
          unreadCount,
          readSeq: member.readSeq,
          lastMessage: last ?? null,
          lastActivityAt: conversation.lastActivityAt,
          pinned: member.pinned,
          muted: member.notificationsMuted,
          role: member.role,
        }
      }),
    )
    return { items, hasMore: rows.length > options.limit }
  }

  /** The public view of a conversation, with members when it is small. */
  async view(record: ConversationRecord): Promise<Conversation> {
    const view: Conversation = {
      id: record.id,
      kind: record.kind,
      name: record.name,
      ownerId: record.ownerId,
      lastSeq: record.lastSeq,
      memberCount: record.memberCount,
      ext: record.ext,
      createdAt: record.createdAt,
    }
    if (record.kind === 'group') {
      view.settings = GroupSettings.parse(record.settings)
      if (record.dissolvedAt !== null) view.dissolvedAt = record.dissolvedAt
    }
    if (record.memberCount <= INLINE_MEMBERS) {
      const members = await this.storage.conversations.listMembers(record.appId, record.id, { limit: INLINE_MEMBERS })
      view.members = members.map(({ userId, role, joinedAt }) => ({ userId, role, joinedAt }))
    }
    return view
  }

  /** Opens the direct conversation between two users of the app, creating it on first use. */
  async openDirect(appId: string, userId: string, peerId: string): Promise<ConversationRecord> {
    const found = await this.storage.users.existing(appId, [userId, peerId])
    if (!found.has(peerId)) throw new WarblerError('user_not_found', `User ${peerId} does not exist.`)
    if (!found.has(userId)) throw new WarblerError('user_not_found', `User ${userId} does not exist.`)
    const existing = await this.storage.conversations.findDirect(appId, userId, peerId)
    if (existing) return existing
    const created = await this.storage.conversations.getOrCreateDirect(appId, newId('c'), userId, peerId, Date.now())
    this.onCreated?.(appId, created, userId)
    return created
  }

  /** Creates a group owned by `ownerId` with the given members (the owner is always a member). */
  /** Called after a conversation is created (domain events). */
  onCreated?: (appId: string, conversation: ConversationRecord, createdBy: string | null) => void

  async createGroup(
    appId: string,
    input: { name: string; ownerId: string; memberIds: readonly string[]; ext?: Record<string, unknown>; settings?: Partial<GroupSettings> },
  ): Promise<ConversationRecord> {
    const ids = [...new Set([input.ownerId, ...input.memberIds])]
    const found = await this.storage.users.existing(appId, ids)
    const missing = ids.filter((id) => !found.has(id))
    if (missing.length > 0) {
      throw new WarblerError('user_not_found', `Unknown users: ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ', …' : ''}`, { details: { missing: missing.slice(0, 100) } })
    }
    const settings = GroupSettings.parse(input.settings ?? {})
    if (ids.length > settings.maxMembers) throw new WarblerError('group_full', `The group may have at most ${settings.maxMembers} members.`)
    const created = await this.storage.conversations.createGroup(
      { appId, id: newId('g'), kind: 'group', name: input.name, ownerId: input.ownerId, ext: input.ext ?? {}, createdAt: Date.now(), settings },
      ids.map((userId) => ({ userId, role: userId === input.ownerId ? ('owner' as const) : ('member' as const) })),
    )
    this.onCreated?.(appId, created, input.ownerId)
    return created
  }

  /** The conversation, or `conversation_not_found` (also for another app's conversation). */
  async require(appId: string, conversationId: string): Promise<ConversationRecord> {
    const record = await this.storage.conversations.get(appId, conversationId)
    if (!record) throw new WarblerError('conversation_not_found')
    return record
  }

  /**
   * The conversation and the user's member row; `not_member` when the user is not in it. A conversation
   * that does not exist in this app answers `not_member` too, so ids of others cannot be probed.
   */
  async requireMember(appId: string, conversationId: string, userId: string): Promise<{ conversation: ConversationRecord; member: MemberRecord }> {
    const member = await this.storage.conversations.getMember(appId, conversationId, userId)
    if (!member) throw new WarblerError('not_member')
    const conversation = await this.storage.conversations.get(appId, conversationId)
    if (!conversation) throw new WarblerError('not_member')
    return { conversation, member }
  }
}
