import type { NoticeFrame } from '@warbler/protocol'
import type { Fanout } from '../bus/fanout.js'

/** Sends user-level notices (friend requests, join requests, ...) to every session of the users, on every node. */
export class Notices {
  constructor(private readonly fanout: Fanout) {}

  async send(appId: string, userIds: readonly string[], kind: NoticeFrame['kind'], data: Record<string, unknown>): Promise<void> {
    if (userIds.length === 0) return
    const frame: NoticeFrame = { type: 'notice', kind, data }
    await this.fanout.publish(appId, userIds, JSON.stringify(frame))
  }
}
