import { WarblerError, type FriendRequest } from '@warbler/protocol'
import type { FriendRequestRecord, Storage } from '../storage/storage.js'
import { newId } from './ids.js'
import type { Notices } from './notices.js'

const toView = ({ id, fromId, toId, message, status, createdAt }: FriendRequestRecord): FriendRequest => ({ id, fromId, toId, message, status, createdAt })

/** Friends (requests with a message, accept, decline, remarks) and blocks. */
export class SocialService {
  constructor(
    private readonly storage: Storage,
    private readonly notices: Notices,
  ) {}

  async request(appId: string, fromId: string, toId: string, message: string | undefined): Promise<FriendRequest> {
    if (fromId === toId) throw new WarblerError('bad_request', 'You cannot befriend yourself.')
    if (!(await this.storage.users.get(appId, toId))) throw new WarblerError('user_not_found', `User ${toId} does not exist.`)
    if (await this.storage.social.areFriends(appId, fromId, toId)) throw new WarblerError('already_exists', 'You are friends already.')
    if (await this.storage.social.isBlocked(appId, toId, fromId)) throw new WarblerError('blocked')
    const record: FriendRequestRecord = { appId, id: newId('fr'), fromId, toId, message: message ?? null, status: 'pending', createdAt: Date.now() }
    await this.storage.social.createFriendRequest(record)
    await this.notices.send(appId, [toId], 'friend-request', toView(record) as unknown as Record<string, unknown>)
    return toView(record)
  }

  /** Only the addressee decides; accepting makes both friends. */
  async respond(appId: string, userId: string, requestId: string, accept: boolean): Promise<FriendRequest> {
    const request = await this.storage.social.getFriendRequest(appId, requestId)
    if (!request || request.toId !== userId) throw new WarblerError('not_found', 'No such friend request.')
    const decided = await this.storage.social.decideFriendRequest(appId, requestId, accept ? 'accepted' : 'declined', Date.now())
    if (!decided) throw new WarblerError('conflict', 'The request was decided already.')
    if (accept) {
      await this.storage.social.addFriendship(appId, decided.fromId, decided.toId, Date.now())
      await this.notices.send(appId, [decided.fromId, decided.toId], 'friend-accepted', { requestId, userIds: [decided.fromId, decided.toId] })
    }
    return toView(decided)
  }

  async requests(appId: string, userId: string) {
    const { incoming, outgoing } = await this.storage.social.listFriendRequests(appId, userId)
    return { incoming: incoming.map(toView), outgoing: outgoing.map(toView) }
  }

  async friends(appId: string, userId: string) {
    return this.storage.social.listFriends(appId, userId)
  }

  async remove(appId: string, userId: string, friendId: string): Promise<void> {
    if (!(await this.storage.social.removeFriendship(appId, userId, friendId))) throw new WarblerError('not_found', `${friendId} is not your friend.`)
    await this.notices.send(appId, [userId, friendId], 'friend-removed', { userIds: [userId, friendId] })
  }

  async remark(appId: string, userId: string, friendId: string, remark: string | null) {
    const friend = await this.storage.social.setRemark(appId, userId, friendId, remark)
    if (!friend) throw new WarblerError('not_found', `${friendId} is not your friend.`)
    return friend
  }

  async block(appId: string, userId: string, blockedId: string): Promise<void> {
    if (userId === blockedId) throw new WarblerError('bad_request', 'You cannot block yourself.')
    if (!(await this.storage.users.get(appId, blockedId))) throw new WarblerError('user_not_found', `User ${blockedId} does not exist.`)
    await this.storage.social.block(appId, userId, blockedId, Date.now())
  }

  async unblock(appId: string, userId: string, blockedId: string): Promise<void> {
    await this.storage.social.unblock(appId, userId, blockedId)
  }

  async blocked(appId: string, userId: string): Promise<string[]> {
    return this.storage.social.listBlocked(appId, userId)
  }

  /** Whether `viewerId` may see `userId`'s presence: friends, or members of a common direct conversation. */
  async mayObserve(appId: string, viewerId: string, userId: string): Promise<boolean> {
    if (viewerId === userId) return true
    if (await this.storage.social.areFriends(appId, viewerId, userId)) return true
    return (await this.storage.conversations.findDirect(appId, viewerId, userId)) !== undefined
  }
}
