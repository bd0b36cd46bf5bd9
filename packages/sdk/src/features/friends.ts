import type { Friend, FriendRequest } from '@warbler/protocol'
import type { FeatureContext } from './feature-context.js'

/**
 * Friends and blocks. The other side learns of requests and acceptances through `user-notice`
 * events (`friend-request`, `friend-accepted`, `friend-removed`).
 *
 * @example
 * ```ts
 * const request = await alice.friends.request('bob', 'hi, it’s Alice')
 * bob.on('user-notice', async (n) => { if (n.kind === 'friend-request') await bob.friends.respond(String(n.data.id), true) })
 * ```
 */
export class Friends {
  constructor(private readonly context: FeatureContext) {}

  /** Asks someone to be your friend (`blocked` when they blocked you, `already_exists` when pending). */
  request(userId: string, message?: string): Promise<FriendRequest> {
    return this.context.request('friend.request', { userId, ...(message === undefined ? {} : { message }) })
  }

  /** Accepts or declines a request sent to you. */
  respond(requestId: string, accept: boolean): Promise<FriendRequest> {
    return this.context.request('friend.respond', { requestId, accept })
  }

  /** Your friends. */
  async list(): Promise<Friend[]> {
    return (await this.context.request('friend.list', {})).friends
  }

  /** Pending requests, to you (`incoming`) and from you (`outgoing`). */
  requests(): Promise<{ incoming: FriendRequest[]; outgoing: FriendRequest[] }> {
    return this.context.request('friend.requests', {})
  }

  /** Stops being friends. */
  async remove(userId: string): Promise<void> {
    await this.context.request('friend.remove', { userId })
  }

  /** Sets (or with `null` clears) your note for a friend. */
  remark(userId: string, remark: string | null): Promise<Friend> {
    return this.context.request('friend.remark', { userId, remark })
  }
}

/**
 * Blocking: a blocked user can no longer message you directly or ask to be your friend.
 *
 * @example
 * ```ts
 * await client.blocks.add('spammer')
 * await client.blocks.list() // ['spammer']
 * ```
 */
export class Blocks {
  constructor(private readonly context: FeatureContext) {}

  /** Blocks a user. */
  async add(userId: string): Promise<void> {
    await this.context.request('block.add', { userId })
  }

  /** Unblocks a user. */
  async remove(userId: string): Promise<void> {
    await this.context.request('block.remove', { userId })
  }

  /** The users you blocked. */
  async list(): Promise<string[]> {
    return (await this.context.request('block.list', {})).userIds
  }
}
