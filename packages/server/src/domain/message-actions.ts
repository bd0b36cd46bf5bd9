import { WarblerError, type MessageBody } from '@warbler/protocol'
import type { AppendResult, EventRecord, Storage } from '../storage/storage.js'
import type { AppService } from './app-service.js'
import type { ConversationService } from './conversation-service.js'
import { searchTokensOf, type MessageService } from './message-service.js'
import type { Notices } from './notices.js'

/**
 * What users do to messages after sending: edit, recall, react, delete for themselves, forward.
 * Edits, recalls and reactions are events pointing at the target seq, so one cursor syncs them all.
 */
export class MessageActions {
  constructor(
    private readonly storage: Storage,
    private readonly conversations: ConversationService,
    private readonly messages: MessageService,
    private readonly apps: AppService,
    private readonly notices: Notices,
  ) {}

  /** The target message as the user may see it. */
  private async target(appId: string, conversationId: string, seq: number, userId: string) {
    const { conversation, member } = await this.conversations.requireMember(appId, conversationId, userId)
    const event = await this.storage.events.get(appId, conversationId, seq)
    if (!event || event.kind !== 'message' || seq < member.visibleFromSeq) throw new WarblerError('not_found', `No message ${seq} in this conversation.`)
    if (event.recalledAt !== undefined) throw new WarblerError('message_recalled')
    return { conversation, member, event }
  }

  /** Edits one of the user's own messages within the app's edit window. */
  async edit(appId: string, userId: string, conversationId: string, seq: number, body: MessageBody): Promise<AppendResult> {
    this.messages.checkLimits(body, undefined)
    const { conversation, event } = await this.target(appId, conversationId, seq, userId)
    if (event.senderId !== userId) throw new WarblerError('forbidden', 'You may edit only your own messages.')
    if (conversation.dissolvedAt !== null) throw new WarblerError('group_dissolved')
    const { editWindowSeconds, keywordFilter } = await this.apps.settings(appId)
    if (Date.now() - event.ts > editWindowSeconds * 1000) throw new WarblerError('edit_window_passed')
    if (event.body && event.body.type !== body.type) throw new WarblerError('validation_failed', `An edit keeps the message type (${event.body.type}).`)
    const filtered = this.messages.keywordFilter.apply(appId, keywordFilter, body)
    const searchTokens = searchTokensOf(filtered)
    return this.messages.append({
      appId,
      conversationId,
      senderId: userId,
      kind: 'edit',
      targetSeq: seq,
      body: filtered,
      ...(searchTokens ? { searchTokens } : {}),
      ts: Date.now(),
    })
  }

  /** Recalls a message: the sender within the recall window; owners and admins of a group any message. */
  async recall(appId: string, userId: string, conversationId: string, seq: number): Promise<AppendResult> {
    const { conversation, member, event } = await this.target(appId, conversationId, seq, userId)
    const isManager = conversation.kind === 'group' && (member.role === 'owner' || member.role === 'admin')
    if (event.senderId !== userId && !isManager) throw new WarblerError('forbidden', 'You may recall only your own messages.')
    if (event.senderId === userId && !isManager) {
      const { recallWindowSeconds } = await this.apps.settings(appId)
      if (Date.now() - event.ts > recallWindowSeconds * 1000) throw new WarblerError('recall_window_passed')
    }
    return this.messages.append({ appId, conversationId, senderId: userId, kind: 'recall', targetSeq: seq, ts: Date.now() })
  }

  /** Adds or removes the user's reaction. */
  async react(appId: string, userId: string, conversationId: string, seq: number, emoji: string, remove: boolean): Promise<AppendResult> {
    const { conversation } = await this.target(appId, conversationId, seq, userId)
    if (conversation.dissolvedAt !== null) throw new WarblerError('group_dissolved')
    return this.messages.append({ appId, conversationId, senderId: userId, kind: 'reaction', targetSeq: seq, data: { emoji, ...(remove ? { remove: true } : {}) }, ts: Date.now() })
  }

  /** Hides a message for this user only, on all their devices. */
  async deleteForMe(appId: string, userId: string, conversationId: string, seq: number): Promise<void> {
    const { member } = await this.conversations.requireMember(appId, conversationId, userId)
    const event = await this.storage.events.get(appId, conversationId, seq)
    if (!event || event.kind !== 'message' || seq < member.visibleFromSeq) throw new WarblerError('not_found', `No message ${seq} in this conversation.`)
    await this.storage.events.hide(appId, userId, conversationId, seq)
    await this.notices.send(appId, [userId], 'message-hidden', { conversationId, seq })
  }

  /** Forwards a message the user can read into another conversation they may post in. */
  async forward(appId: string, userId: string, input: { clientMsgId: string; fromConversationId: string; seq: number; toConversationId: string }): Promise<AppendResult> {
    const { event } = await this.target(appId, input.fromConversationId, input.seq, userId)
    const hidden = await this.storage.events.hiddenAmong(appId, userId, input.fromConversationId, [input.seq])
    if (hidden.size > 0 || !event.body) throw new WarblerError('not_found', `No message ${input.seq} in this conversation.`)
    // The copy keeps the original's citations (a bot attached them, as `forwardedFrom` says), but
    // the forwarder is not citing anything: the check that only bots cite applies to what they add.
    const { citations, ...ext } = event.ext ?? {}
    const prepared = await this.messages.prepareSend(appId, userId, {
      conversationId: input.toConversationId,
      body: event.body,
      clientMsgId: input.clientMsgId,
      ext: { ...ext, forwardedFrom: { conversationId: input.fromConversationId, seq: input.seq, senderId: event.senderId, ts: event.ts } },
    })
    return this.messages.append(citations === undefined ? prepared : { ...prepared, ext: { ...prepared.ext, citations } })
  }

  /** Messages matching a query among those the user can see, newest first. */
  async search(
    appId: string,
    userId: string,
    options: { terms: readonly string[]; conversationId?: string; senderId?: string; fromTs?: number; toTs?: number; limit: number },
  ): Promise<EventRecord[]> {
    if (options.conversationId) await this.conversations.requireMember(appId, options.conversationId, userId)
    return this.storage.events.search(appId, userId, options)
  }
}
