import { DEFAULT_LIMITS, WarblerError, type ConversationCursor, type Ext, type MessageBody } from '@warbler/protocol'
import type { Fanout } from '../bus/fanout.js'
import type { AppendResult, EventRecord, NewEvent, Storage } from '../storage/storage.js'
import type { ConversationService } from './conversation-service.js'

/** Limits the message service enforces. */
export interface MessageLimits {
  maxTextLength: number
  maxExtBytes: number
  /** Largest serialised body (custom payloads, long captions...). */
  maxBodyBytes: number
  maxHistoryPage: number
}

/** What a send asks for. */
export interface SendInput {
  conversationId: string
  body: MessageBody
  clientMsgId?: string
  ext?: Ext
}

/** Serialises an event as the `event` frame clients receive. */
export function eventFrameText(event: EventRecord): string {
  return JSON.stringify({ type: 'event', ...event })
}

/**
 * Messages and the event log: send (membership-checked, idempotent, durable before it resolves, then
 * fanned out), history, sync and read positions.
 */
export class MessageService {
  private readonly limits: MessageLimits

  constructor(
    private readonly storage: Storage,
    private readonly conversations: ConversationService,
    private readonly fanout: Fanout,
    limits: Partial<MessageLimits> = {},
  ) {
    this.limits = {
      maxTextLength: DEFAULT_LIMITS.maxTextLength,
      maxExtBytes: DEFAULT_LIMITS.maxExtBytes,
      maxBodyBytes: DEFAULT_LIMITS.maxFrameBytes,
      maxHistoryPage: DEFAULT_LIMITS.maxHistoryPage,
      ...limits,
    }
  }

  /** Checks sizes the schema cannot express (bytes of JSON, configured text length). */
  private checkLimits(body: MessageBody, ext: Ext | undefined): void {
    if (body.type === 'text' && body.text.length > this.limits.maxTextLength) {
      throw new WarblerError('text_too_long', `Text is longer than ${this.limits.maxTextLength} characters.`)
    }
    if (body.type === 'text' && body.text.trim().length === 0) throw new WarblerError('validation_failed', 'Text is empty.')
    if (Buffer.byteLength(JSON.stringify(body)) > this.limits.maxBodyBytes) {
      throw new WarblerError('payload_too_large', `The body is larger than ${this.limits.maxBodyBytes} bytes.`)
    }
    if (ext !== undefined && Buffer.byteLength(JSON.stringify(ext)) > this.limits.maxExtBytes) {
      throw new WarblerError('payload_too_large', `ext is larger than ${this.limits.maxExtBytes} bytes.`)
    }
  }

  /**
   * Checks a send (limits, membership) and returns the event to store. Split from {@link commit} so a
   * connection can issue its appends in the order it sent them.
   */
  async prepareSend(appId: string, senderId: string, input: SendInput): Promise<NewEvent> {
    this.checkLimits(input.body, input.ext)
    await this.conversations.requireMember(appId, input.conversationId, senderId)
    return {
      appId,
      conversationId: input.conversationId,
      senderId,
      kind: 'message',
      body: input.body,
      ...(input.clientMsgId === undefined ? {} : { clientMsgId: input.clientMsgId }),
      ...(input.ext === undefined ? {} : { ext: input.ext }),
      ts: Date.now(),
    }
  }

  /** Stores an event (durable when it resolves) without fanning it out. */
  commit(event: NewEvent): Promise<AppendResult> {
    return this.storage.events.append(event)
  }

  /**
   * Sends a message as `senderId`. Resolves after the commit and the fan-out with the stored event; a
   * repeated `clientMsgId` resolves with the first event and `duplicate: true` and publishes nothing.
   */
  async send(appId: string, senderId: string, input: SendInput): Promise<AppendResult> {
    return this.append(await this.prepareSend(appId, senderId, input))
  }

  /** Appends any event (membership already checked by the caller) and fans it out once stored. */
  async append(event: NewEvent): Promise<AppendResult> {
    const result = await this.commit(event)
    if (!result.duplicate) await this.publish(event.appId, result.event)
    return result
  }

  /** Fans a stored event out to every member's sessions on every node. */
  async publish(appId: string, event: EventRecord): Promise<void> {
    const recipients = await this.storage.conversations.memberIds(appId, event.conversationId)
    await this.fanout.publish(appId, recipients, eventFrameText(event))
  }

  /** A page of the conversation's events, for a member. */
  async history(appId: string, userId: string, conversationId: string, range: { afterSeq?: number; beforeSeq?: number; limit?: number }) {
    await this.conversations.requireMember(appId, conversationId, userId)
    return this.historyUnchecked(appId, conversationId, range)
  }

  /** A page of history for the app's backend (no membership: the app secret sees its whole app). */
  async historyUnchecked(appId: string, conversationId: string, range: { afterSeq?: number; beforeSeq?: number; limit?: number }) {
    const limit = Math.min(range.limit ?? 50, this.limits.maxHistoryPage)
    return this.storage.events.range(appId, conversationId, {
      limit,
      ...(range.afterSeq === undefined ? {} : { afterSeq: range.afterSeq }),
      ...(range.beforeSeq === undefined ? {} : { beforeSeq: range.beforeSeq }),
    })
  }

  /** Where the user's conversations stand (only those past the cursors, when cursors are given). */
  async sync(appId: string, userId: string, cursors?: Readonly<Record<string, number>>): Promise<ConversationCursor[]> {
    return this.storage.conversations.cursorsForUser(appId, userId, cursors)
  }

  /** Moves the user's read position forward. */
  async markRead(appId: string, userId: string, conversationId: string, seq: number): Promise<number> {
    await this.conversations.requireMember(appId, conversationId, userId)
    return this.storage.conversations.markRead(appId, conversationId, userId, seq)
  }
}
