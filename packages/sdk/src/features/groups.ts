import type { Conversation, GroupSettings, JoinRequest, Member, RequestResults } from '@warbler/protocol'
import type { FeatureContext } from './feature-context.js'

/** A member role a group owner can give. */
export type AssignableRole = 'admin' | 'member'

/**
 * Groups: create and manage them, their members and join requests. Refusals reject with a
 * `WarblerError` (`forbidden` for a missing role, `not_member`, `group_full`, `group_dissolved`...).
 *
 * @example
 * ```ts
 * const group = await client.groups.create('Project', ['bob', 'carol'], { joinMode: 'approval' })
 * await client.groups.setRole(group.id, 'bob', 'admin')
 * ```
 */
export class Groups {
  constructor(private readonly context: FeatureContext) {}

  /** Creates a group you own, with these members. */
  async create(name: string, memberIds: string[] = [], settings?: Partial<GroupSettings>): Promise<Conversation> {
    return this.#conversation(this.context.request('group.create', { name, memberIds, ...(settings ? { settings } : {}) }))
  }

  /** Changes the name or settings (owner and admins). */
  async update(conversationId: string, changes: { name?: string; settings?: Partial<GroupSettings> }): Promise<Conversation> {
    return this.#conversation(this.context.request('group.update', { conversationId, ...changes }))
  }

  /** Adds members (or, in approval groups, asks for them: see `requested`). */
  invite(conversationId: string, userIds: string[]): Promise<RequestResults['group.invite']> {
    return this.context.request('group.invite', { conversationId, userIds })
  }

  /** Removes members (owner: anyone; admins: plain members). */
  remove(conversationId: string, userIds: string[]): Promise<RequestResults['group.remove']> {
    return this.context.request('group.remove', { conversationId, userIds })
  }

  /** Leaves the group (an owner transfers it first). */
  async leave(conversationId: string): Promise<void> {
    await this.context.request('group.leave', { conversationId })
  }

  /** Hands the group to another member (owner only). */
  async transfer(conversationId: string, userId: string): Promise<Conversation> {
    return this.#conversation(this.context.request('group.transfer', { conversationId, userId }))
  }

  /** Dissolves the group (owner only): nobody can send any more; history stays readable. */
  async dissolve(conversationId: string): Promise<Conversation> {
    return this.#conversation(this.context.request('group.dissolve', { conversationId }))
  }

  /** Makes a member an admin or a plain member (owner only). */
  setRole(conversationId: string, userId: string, role: AssignableRole): Promise<Member> {
    return this.context.request('group.set-role', { conversationId, userId, role })
  }

  /** Mutes a member for `durationSeconds` (0 unmutes); owner and admins. */
  muteMember(conversationId: string, userId: string, durationSeconds: number): Promise<RequestResults['group.mute-member']> {
    return this.context.request('group.mute-member', { conversationId, userId, durationSeconds })
  }

  /** A page of members; pass the answer's `next` as `after` for the next page. */
  members(conversationId: string, page: { after?: string; limit?: number } = {}): Promise<RequestResults['group.members']> {
    return this.context.request('group.members', { conversationId, ...page })
  }

  /** Joins an open group, or applies to one that needs approval (`joined: false` and a `requestId`). */
  join(conversationId: string, message?: string): Promise<RequestResults['group.join']> {
    return this.context.request('group.join', { conversationId, ...(message === undefined ? {} : { message }) })
  }

  /** Pending join requests (owner and admins). */
  async joinRequests(conversationId: string): Promise<JoinRequest[]> {
    return (await this.context.request('group.join-requests', { conversationId })).requests
  }

  /** Accepts or declines a join request (owner and admins). */
  decideJoin(conversationId: string, requestId: string, accept: boolean): Promise<JoinRequest> {
    return this.context.request('group.decide-join', { conversationId, requestId, accept })
  }

  async #conversation(answer: Promise<Conversation>): Promise<Conversation> {
    const conversation = await answer
    this.context.applyConversation(conversation)
    return conversation
  }
}
