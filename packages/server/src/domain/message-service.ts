import { toIndexText } from '@warbler/ai'
import { DEFAULT_LIMITS, GroupSettings, WarblerError, isSafeMessageUrl, type AppSettings, type ConversationCursor, type Ext, type MessageBody } from '@warbler/protocol'
import type { Fanout } from '../bus/fanout.js'
import type { ReadCaches } from '../read-cache/read-caches.js'
import type { AppendResult, EventRecord, NewEvent, Storage } from '../storage/storage.js'
import type { AppService } from './app-service.js'
import type { ConversationService } from './conversation-service.js'
import type { DomainEvents } from './domain-events.js'
import { readHistoryPage } from './history-pages.js'
import type { KeywordFilter } from './keyword-filter.js'

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
  replyToSeq?: number
}

/** Customer service's check of a message about to be stored; throws a WarblerError to refuse it. */
export type OwnershipCheck = (event: NewEvent) => Promise<void>

/**
 * A customer's synchronous moderation hook, run last before a message is stored: returns the body to
 * store (possibly rewritten) or throws a WarblerError to refuse it.
 */
export type BeforeSendCheck = (appId: string, message: { conversationId: string; senderId: string; body: MessageBody; ext?: Ext }) => Promise<MessageBody>

/** What the message service works with besides storage. */
export interface MessageServiceDependencies {
  storage: Storage
  /** Conversation rules, member lists, blocks and friendships as every send reads them. */
  caches: ReadCaches
  conversations: ConversationService
  apps: AppService
  fanout: Fanout
  keywordFilter: KeywordFilter
  domainEvents: DomainEvents
  /** Set by the webhooks module when an app configures a before-send hook. */
  beforeSend?: BeforeSendCheck
  /**
   * Set by customer service: who may post into a conversation a person owns (a bot's message is
   * refused with `conflict`; an agent's takes the conversation over). Runs last before a message is stored.
   */
  ownership?: OwnershipCheck
}

/**
 * Serialises an event as the `event` frame clients receive: `{"type":"event", …the event's fields}`,
 * spliced as text rather than by copying the event into a new object first.
 */
export function eventFrameText(event: EventRecord): string {
  const fields = JSON.stringify(event)
  return fields === '{}' ? '{"type":"event"}' : `{"type":"event",${fields.slice(1)}`
}

/** The pre-tokenized search text of a message body (text, and file names). */
export function searchTokensOf(body: MessageBody | undefined): string | undefined {
  if (!body) return undefined
  if (body.type === 'text') return toIndexText(body.text)
  if (body.type === 'file') return toIndexText(body.name)
  if (body.type === 'location' && body.name) return toIndexText(`${body.name} ${body.address ?? ''}`)
  return undefined
}

/**
 * Messages and the event log: send (membership and conversation rules checked, idempotent, durable
 * before it resolves, then fanned out), history, sync and read positions.
 */
export class MessageService {
  private readonly limits: MessageLimits
  private readonly storage: Storage

  constructor(
    private readonly deps: MessageServiceDependencies,
    limits: Partial<MessageLimits> = {},
  ) {
    this.storage = deps.storage
    this.limits = {
      maxTextLength: DEFAULT_LIMITS.maxTextLength,
      maxExtBytes: DEFAULT_LIMITS.maxExtBytes,
      maxBodyBytes: DEFAULT_LIMITS.maxFrameBytes,
      maxHistoryPage: DEFAULT_LIMITS.maxHistoryPage,
      ...limits,
    }
  }

  /** The app's keyword filter (also applied to edits). */
  get keywordFilter(): KeywordFilter {
    return this.deps.keywordFilter
  }

  /** The before-send hook in force (the webhooks module sets it). */
  set beforeSend(check: BeforeSendCheck | undefined) {
    this.deps.beforeSend = check
  }

  /** The ownership check of customer service (set by the server when it wires support). */
  set ownership(check: OwnershipCheck | undefined) {
    this.deps.ownership = check
  }

  /** Checks sizes the schema cannot express (bytes of JSON, configured text length). */
  checkLimits(body: MessageBody, ext: Ext | undefined): void {
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
   * Citations are a bot's claim about its sources: only a bot user may attach them, and each
   * citation URL must be one a message may carry (http(s) or this server's file URLs).
   */
  private async checkCitations(appId: string, senderId: string, citations: unknown): Promise<void> {
    const sender = await this.storage.users.get(appId, senderId)
    if (sender?.kind !== 'bot') throw new WarblerError('forbidden', 'Only bots may attach citations (ext.citations).')
    if (!Array.isArray(citations)) throw new WarblerError('validation_failed', 'ext.citations must be a list.')
    for (const [index, citation] of citations.entries()) {
      const url = (citation as { url?: unknown } | null)?.url
      if (url !== undefined && (typeof url !== 'string' || !isSafeMessageUrl(url))) {
        throw new WarblerError('validation_failed', `ext.citations[${index}].url: must be an http(s) URL or a /files/ URL of this server`)
      }
    }
  }

  /**
   * Checks that `senderId` may post in the conversation now: member, not dissolved, not muted, the
   * peer of a direct conversation has not blocked them, and the app's direct-message policy allows it.
   */
  async checkCanPost(appId: string, conversationId: string, senderId: string, settings: AppSettings) {
    const { caches } = this.deps
    const member = await caches.member(appId, conversationId, senderId)
    const conversation = member && (await caches.conversation(appId, conversationId))
    if (!member || !conversation) throw new WarblerError('not_member')
    if (conversation.dissolvedAt !== null) throw new WarblerError('group_dissolved')
    if (conversation.kind === 'group' && member.role === 'member') {
      if (member.mutedUntil !== null && member.mutedUntil > Date.now()) throw new WarblerError('member_muted')
      if (conversation.muteAll) throw new WarblerError('group_muted')
    }
    if (conversation.kind === 'direct' && conversation.memberCount === 2) {
      const peerId = (await caches.memberIds(appId, conversationId)).find((id) => id !== senderId)
      if (peerId !== undefined) {
        if (await caches.isBlocked(appId, peerId, senderId)) throw new WarblerError('blocked')
        if (settings.directMessages === 'friends' && !(await caches.areFriends(appId, senderId, peerId))) {
          throw new WarblerError('friends_only')
        }
      }
    }
    return { conversation, member }
  }

  /**
   * Checks a send (limits, conversation rules, keyword filter, the customer's before-send hook) and
   * returns the event to store. Split from {@link commit} so a connection can issue its appends in the
   * order it sent them.
   */
  async prepareSend(appId: string, senderId: string, input: SendInput): Promise<NewEvent> {
    this.checkLimits(input.body, input.ext)
    if (input.ext !== undefined && 'citations' in input.ext) await this.checkCitations(appId, senderId, input.ext.citations)
    const settings = await this.deps.apps.settings(appId)
    const { conversation, member } = await this.checkCanPost(appId, input.conversationId, senderId, settings)
    if (input.body.type === 'text' && input.body.mentions?.includes('all') && conversation.kind === 'group' && member.role === 'member') {
      throw new WarblerError('forbidden', 'Only owners and admins may mention @all.')
    }
    if (input.replyToSeq !== undefined) {
      const target = await this.storage.events.get(appId, input.conversationId, input.replyToSeq)
      if (!target || target.kind !== 'message' || input.replyToSeq < member.visibleFromSeq) {
        throw new WarblerError('not_found', `No message ${input.replyToSeq} to reply to.`)
      }
    }
    let body = this.deps.keywordFilter.apply(appId, settings.keywordFilter, input.body)
    if (this.deps.beforeSend) {
      body = await this.deps.beforeSend(appId, { conversationId: input.conversationId, senderId, body, ...(input.ext ? { ext: input.ext } : {}) })
    }
    const searchTokens = searchTokensOf(body)
    const event: NewEvent = {
      appId,
      conversationId: input.conversationId,
      senderId,
      kind: 'message',
      body,
      ...(input.clientMsgId === undefined ? {} : { clientMsgId: input.clientMsgId }),
      ...(input.ext === undefined ? {} : { ext: input.ext }),
      ...(input.replyToSeq === undefined ? {} : { replyToSeq: input.replyToSeq }),
      ...(searchTokens ? { searchTokens } : {}),
      ts: Date.now(),
    }
    await this.deps.ownership?.(event)
    return event
  }

  /** Stores an event (durable when it resolves) without fanning it out. */
  commit(event: NewEvent): Promise<AppendResult> {
    return this.storage.events.append(event)
  }

  /**
   * Sends a message as `senderId`. Resolves after the commit and the fan-out with the stored event; a
   * repeated `clientMsgId` resolves with the first event and `duplicate: true`, stores nothing, and
   * fans the stored event out again (see {@link publish}).
   */
  async send(appId: string, senderId: string, input: SendInput): Promise<AppendResult> {
    return this.commitAndPublish(await this.prepareSend(appId, senderId, input))
  }

  /**
   * Appends any event (rules already checked by the caller; a message still passes the ownership
   * check) and fans it out once stored.
   */
  async append(event: NewEvent): Promise<AppendResult> {
    if (event.kind === 'message') await this.deps.ownership?.(event)
    return this.commitAndPublish(event)
  }

  private async commitAndPublish(event: NewEvent): Promise<AppendResult> {
    const result = await this.commit(event)
    await this.publish(event.appId, result.event, { repeat: result.duplicate })
    return result
  }

  /**
   * Fans a stored event out to every member's sessions on every node, and announces it in-process.
   * With `repeat` (a resend answered as a duplicate) it is fanned out again but not announced again:
   * a node may have died between the commit and the first fan-out, and clients drop seqs they have.
   */
  async publish(appId: string, event: EventRecord, options: { repeat?: boolean } = {}): Promise<void> {
    const recipients = await this.deps.caches.memberIds(appId, event.conversationId)
    await this.deps.fanout.publish(appId, recipients, eventFrameText(event))
    if (options.repeat) return
    if (event.kind === 'message') this.deps.domainEvents.emit('message.created', { appId, event })
    else if (event.kind === 'edit') this.deps.domainEvents.emit('message.edited', { appId, event })
    else if (event.kind === 'recall') this.deps.domainEvents.emit('message.recalled', { appId, event })
  }

  /**
   * A page of the conversation's events, for a member: nothing before the point they joined from when
   * the group hides earlier history; messages they deleted for themselves come back without a body.
   * With no cursor it is the newest page; `limit` counts messages (see {@link readHistoryPage}).
   */
  async history(appId: string, userId: string, conversationId: string, range: { afterSeq?: number; beforeSeq?: number; limit?: number }) {
    const { member } = await this.deps.conversations.requireMember(appId, conversationId, userId)
    const floor = Math.max(0, member.visibleFromSeq - 1)
    const beforeSeq = range.beforeSeq ?? (range.afterSeq === undefined ? Number.MAX_SAFE_INTEGER : undefined)
    const page = await this.historyUnchecked(appId, conversationId, {
      ...range,
      ...(beforeSeq === undefined ? {} : { beforeSeq }),
      afterSeq: Math.max(range.afterSeq ?? 0, floor),
    })
    if (beforeSeq !== undefined && floor > 0 && page.events.length > 0 && page.events[0]!.seq <= floor + 1) page.hasMore = false
    const hidden = await this.storage.events.hiddenAmong(appId, userId, conversationId, page.events.map((event) => event.seq))
    if (hidden.size > 0) {
      page.events = page.events.map((event) => {
        if (!hidden.has(event.seq)) return event
        const { body: _body, reactions: _reactions, ...rest } = event
        return { ...rest, hidden: true }
      })
    }
    return page
  }

  /**
   * A page of history for the app's backend (no membership: the app secret sees its whole app).
   * With no cursor it is the newest page; `limit` counts messages, not the edits, recalls and
   * reactions folded into them.
   */
  async historyUnchecked(appId: string, conversationId: string, range: { afterSeq?: number; beforeSeq?: number; limit?: number }) {
    const limit = Math.min(range.limit ?? 50, this.limits.maxHistoryPage)
    return readHistoryPage((chunk) => this.storage.events.range(appId, conversationId, chunk), {
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
    await this.deps.conversations.requireMember(appId, conversationId, userId)
    return this.storage.conversations.markRead(appId, conversationId, userId, seq)
  }
}
