import { GroupSettings, WarblerError, type MemberRole } from '@warbler/protocol'
import type { ConversationRecord, JoinRequestRecord, MemberRecord, Storage } from '../storage/storage.js'
import type { ConversationService } from './conversation-service.js'
import type { DomainEvents } from './domain-events.js'
import { newId } from './ids.js'
import type { MessageService } from './message-service.js'
import type { Notices } from './notices.js'

/** What a member notice event says (the `data` of a `member` event). */
export interface MemberNotice {
  action: 'joined' | 'invited' | 'removed' | 'left' | 'role-changed' | 'muted' | 'unmuted' | 'owner-changed' | 'updated' | 'dissolved'
  userIds?: string[]
  role?: MemberRole
  mutedUntil?: number | null
  name?: string
  settings?: Partial<GroupSettings>
}

const isManager = (member: MemberRecord) => member.role === 'owner' || member.role === 'admin'

/**
 * Group management: roles (owner, admin, member), invite, remove, leave, transfer, dissolve, join by
 * application or freely, mutes and settings. Every change is a `member` event in the group's log, so
 * it syncs through the same cursor as messages.
 */
export class GroupService {
  constructor(
    private readonly storage: Storage,
    private readonly conversations: ConversationService,
    private readonly messages: MessageService,
    private readonly notices: Notices,
    private readonly domainEvents: DomainEvents,
  ) {}

  private async notice(appId: string, conversationId: string, actorId: string, data: MemberNotice): Promise<void> {
    await this.messages.append({ appId, conversationId, senderId: actorId, kind: 'member', data, ts: Date.now() })
  }

  /** The group and the actor's membership; refuses non-groups, dissolved groups and non-members. */
  private async requireGroup(appId: string, conversationId: string, actorId: string, options: { manager?: boolean; owner?: boolean } = {}) {
    const { conversation, member } = await this.conversations.requireMember(appId, conversationId, actorId)
    if (conversation.kind !== 'group') throw new WarblerError('bad_request', 'This is not a group.')
    if (conversation.dissolvedAt !== null) throw new WarblerError('group_dissolved')
    if (options.owner && member.role !== 'owner') throw new WarblerError('forbidden', 'Only the owner may do this.')
    if (options.manager && !isManager(member)) throw new WarblerError('forbidden', 'Only the owner and admins may do this.')
    return { conversation, member, settings: GroupSettings.parse(conversation.settings) }
  }

  async create(appId: string, ownerId: string, input: { name: string; memberIds: readonly string[]; settings?: Partial<GroupSettings> }): Promise<ConversationRecord> {
    return this.conversations.createGroup(appId, { name: input.name, ownerId, memberIds: input.memberIds, ...(input.settings ? { settings: input.settings } : {}) })
  }

  async update(appId: string, conversationId: string, actorId: string, patch: { name?: string; settings?: Partial<GroupSettings> }): Promise<ConversationRecord> {
    const { settings } = await this.requireGroup(appId, conversationId, actorId, { manager: true })
    const next = GroupSettings.parse({ ...settings, ...patch.settings })
    const updated = await this.storage.conversations.updateConversation(appId, conversationId, { ...(patch.name ? { name: patch.name } : {}), settings: next })
    await this.notice(appId, conversationId, actorId, { action: 'updated', ...(patch.name ? { name: patch.name } : {}), ...(patch.settings ? { settings: patch.settings } : {}) })
    return updated!
  }

  /** Adds users (they must exist); respects the member limit. */
  async invite(appId: string, conversationId: string, actorId: string, userIds: readonly string[]): Promise<string[]> {
    const { conversation, member, settings } = await this.requireGroup(appId, conversationId, actorId)
    if (!isManager(member) && !settings.membersCanInvite) throw new WarblerError('forbidden', 'Only the owner and admins may invite to this group.')
    return this.addMembers(appId, conversation, settings, actorId, userIds, 'invited')
  }

  private async addMembers(appId: string, conversation: ConversationRecord, settings: GroupSettings, actorId: string, userIds: readonly string[], action: 'invited' | 'joined') {
    const unique = [...new Set(userIds)]
    const found = await this.storage.users.existing(appId, unique)
    const missing = unique.filter((id) => !found.has(id))
    if (missing.length > 0) throw new WarblerError('user_not_found', `Unknown users: ${missing.slice(0, 10).join(', ')}`)
    if (conversation.memberCount + unique.length > settings.maxMembers) {
      throw new WarblerError('group_full', `The group may have at most ${settings.maxMembers} members.`)
    }
    const added = await this.storage.conversations.addMembers(
      appId,
      conversation.id,
      unique.map((userId) => ({ userId, role: 'member' as const })),
      Date.now(),
      { hideHistory: !settings.historyVisibleToNewMembers },
    )
    if (added.length > 0) {
      await this.notice(appId, conversation.id, actorId, { action, userIds: added })
      this.domainEvents.emit('member.joined', { appId, conversationId: conversation.id, userIds: added, by: actorId })
    }
    return added
  }

  /** The owner removes anyone else; admins remove plain members. */
  async remove(appId: string, conversationId: string, actorId: string, userIds: readonly string[]): Promise<string[]> {
    const { member } = await this.requireGroup(appId, conversationId, actorId, { manager: true })
    const targets: string[] = []
    for (const userId of new Set(userIds)) {
      if (userId === actorId) throw new WarblerError('bad_request', 'Use group.leave to leave.')
      const target = await this.storage.conversations.getMember(appId, conversationId, userId)
      if (!target) continue
      if (target.role === 'owner' || (target.role === 'admin' && member.role !== 'owner')) {
        throw new WarblerError('forbidden', `You may not remove ${userId}.`)
      }
      targets.push(userId)
    }
    if (targets.length === 0) return []
    // The notice goes out while they are still members, so the removed see it too.
    await this.notice(appId, conversationId, actorId, { action: 'removed', userIds: targets })
    const removed = await this.storage.conversations.removeMembers(appId, conversationId, targets)
    this.domainEvents.emit('member.left', { appId, conversationId, userIds: removed, by: actorId, reason: 'removed' })
    return removed
  }

  async leave(appId: string, conversationId: string, userId: string): Promise<void> {
    const { conversation, member } = await this.requireGroup(appId, conversationId, userId)
    if (member.role === 'owner' && conversation.memberCount > 1) {
      throw new WarblerError('conflict', 'Transfer ownership before leaving, or dissolve the group.')
    }
    await this.notice(appId, conversationId, userId, { action: 'left', userIds: [userId] })
    await this.storage.conversations.removeMembers(appId, conversationId, [userId])
    this.domainEvents.emit('member.left', { appId, conversationId, userIds: [userId], by: userId, reason: 'left' })
  }

  async transfer(appId: string, conversationId: string, ownerId: string, newOwnerId: string): Promise<ConversationRecord> {
    await this.requireGroup(appId, conversationId, ownerId, { owner: true })
    if (newOwnerId === ownerId) throw new WarblerError('bad_request', 'You own this group already.')
    const target = await this.storage.conversations.getMember(appId, conversationId, newOwnerId)
    if (!target) throw new WarblerError('not_member', `${newOwnerId} is not a member.`)
    await this.storage.conversations.updateMember(appId, conversationId, newOwnerId, { role: 'owner', mutedUntil: null })
    await this.storage.conversations.updateMember(appId, conversationId, ownerId, { role: 'admin' })
    const updated = await this.storage.conversations.updateConversation(appId, conversationId, { ownerId: newOwnerId })
    await this.notice(appId, conversationId, ownerId, { action: 'owner-changed', userIds: [newOwnerId] })
    return updated!
  }

  /** Nobody can send any more; history stays readable for the members. */
  async dissolve(appId: string, conversationId: string, ownerId: string): Promise<ConversationRecord> {
    await this.requireGroup(appId, conversationId, ownerId, { owner: true })
    await this.notice(appId, conversationId, ownerId, { action: 'dissolved' })
    const updated = await this.storage.conversations.updateConversation(appId, conversationId, { dissolvedAt: Date.now() })
    this.domainEvents.emit('member.left', { appId, conversationId, userIds: [], by: ownerId, reason: 'dissolved' })
    return updated!
  }

  async setRole(appId: string, conversationId: string, ownerId: string, userId: string, role: 'admin' | 'member'): Promise<MemberRecord> {
    await this.requireGroup(appId, conversationId, ownerId, { owner: true })
    if (userId === ownerId) throw new WarblerError('bad_request', 'Transfer ownership to change your own role.')
    const updated = await this.storage.conversations.updateMember(appId, conversationId, userId, { role })
    if (!updated) throw new WarblerError('not_member', `${userId} is not a member.`)
    await this.notice(appId, conversationId, ownerId, { action: 'role-changed', userIds: [userId], role })
    return updated
  }

  async muteMember(appId: string, conversationId: string, actorId: string, userId: string, durationSeconds: number): Promise<number | null> {
    const { member } = await this.requireGroup(appId, conversationId, actorId, { manager: true })
    const target = await this.storage.conversations.getMember(appId, conversationId, userId)
    if (!target) throw new WarblerError('not_member', `${userId} is not a member.`)
    if (target.role === 'owner' || (target.role === 'admin' && member.role !== 'owner')) throw new WarblerError('forbidden', `You may not mute ${userId}.`)
    const mutedUntil = durationSeconds === 0 ? null : Date.now() + durationSeconds * 1000
    await this.storage.conversations.updateMember(appId, conversationId, userId, { mutedUntil })
    await this.notice(appId, conversationId, actorId, { action: mutedUntil === null ? 'unmuted' : 'muted', userIds: [userId], mutedUntil })
    return mutedUntil
  }

  async members(appId: string, conversationId: string, actorId: string, options: { after?: string; limit?: number }) {
    await this.conversations.requireMember(appId, conversationId, actorId)
    const limit = options.limit ?? 200
    const rows = await this.storage.conversations.listMembers(appId, conversationId, { limit, ...(options.after ? { after: options.after } : {}) })
    return {
      members: rows.map(({ userId, role, joinedAt }) => ({ userId, role, joinedAt })),
      next: rows.length === limit ? (rows.at(-1)?.userId ?? null) : null,
    }
  }

  /** Joins an open group at once; applies to one that needs approval (managers get a notice). */
  async join(appId: string, conversationId: string, userId: string, message: string | undefined): Promise<{ joined: boolean; requestId?: string }> {
    const conversation = await this.storage.conversations.get(appId, conversationId)
    if (!conversation || conversation.kind !== 'group') throw new WarblerError('conversation_not_found')
    if (conversation.dissolvedAt !== null) throw new WarblerError('group_dissolved')
    if (await this.storage.conversations.getMember(appId, conversationId, userId)) return { joined: true }
    const settings = GroupSettings.parse(conversation.settings)
    if (settings.joinMode === 'invite') throw new WarblerError('forbidden', 'This group can be joined by invitation only.')
    if (settings.joinMode === 'open') {
      await this.addMembers(appId, conversation, settings, userId, [userId], 'joined')
      return { joined: true }
    }
    const request: JoinRequestRecord = {
      appId,
      id: newId('jr'),
      conversationId,
      userId,
      message: message ?? null,
      status: 'pending',
      createdAt: Date.now(),
      decidedBy: null,
      decidedAt: null,
    }
    await this.storage.conversations.createJoinRequest(request)
    const managers = (await this.storage.conversations.listMembers(appId, conversationId, { limit: 1000 })).filter(isManager).map((member) => member.userId)
    await this.notices.send(appId, managers, 'join-request', { requestId: request.id, conversationId, userId, message: request.message })
    return { joined: false, requestId: request.id }
  }

  async joinRequests(appId: string, conversationId: string, actorId: string): Promise<JoinRequestRecord[]> {
    await this.requireGroup(appId, conversationId, actorId, { manager: true })
    return this.storage.conversations.listJoinRequests(appId, conversationId)
  }

  async decideJoin(appId: string, conversationId: string, actorId: string, requestId: string, accept: boolean): Promise<JoinRequestRecord> {
    const { conversation, settings } = await this.requireGroup(appId, conversationId, actorId, { manager: true })
    const request = await this.storage.conversations.getJoinRequest(appId, requestId)
    if (!request || request.conversationId !== conversationId) throw new WarblerError('not_found', 'No such join request.')
    if (accept && conversation.memberCount + 1 > settings.maxMembers) throw new WarblerError('group_full')
    const decided = await this.storage.conversations.decideJoinRequest(appId, requestId, accept ? 'accepted' : 'declined', actorId, Date.now())
    if (!decided) throw new WarblerError('conflict', 'The request was decided already.')
    if (accept) await this.addMembers(appId, conversation, settings, actorId, [request.userId], 'joined')
    return decided
  }
}
