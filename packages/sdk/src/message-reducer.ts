import type { ConversationEvent } from '@warbler/protocol'
import type { Message } from './types.js'

/** Event kinds that are entries of their own (messages and notices). */
export function isEntryEvent(event: ConversationEvent): event is ConversationEvent & { kind: Message['kind'] } {
  return event.kind === 'message' || event.kind === 'member' || event.kind === 'system'
}

/** Event kinds that change an earlier message (`targetSeq`). */
export function isUpdateEvent(event: ConversationEvent): boolean {
  return (event.kind === 'edit' || event.kind === 'recall' || event.kind === 'reaction') && event.targetSeq !== undefined
}

/** The message a `message`, `member` or `system` event creates. */
export function messageFromEvent(event: ConversationEvent & { kind: Message['kind'] }): Message {
  const message: Message = {
    conversationId: event.conversationId,
    seq: event.seq,
    ts: event.ts,
    senderId: event.senderId,
    kind: event.kind,
    status: event.status ?? 'final',
  }
  // The app's declaration of its custom types (CustomMessageData) is trusted for what arrives.
  if (event.body !== undefined) message.body = event.body as Message['body']
  if (event.data !== undefined) message.data = event.data
  if (event.ext !== undefined) message.ext = event.ext
  if (event.clientMsgId !== undefined) message.clientMsgId = event.clientMsgId
  // History answers with messages as they are now: edits, recalls and reactions already applied.
  if (event.replyToSeq !== undefined) message.replyToSeq = event.replyToSeq
  if (event.editedAt !== undefined) message.editedAt = event.editedAt
  if (event.recalledAt !== undefined) message.recalledAt = event.recalledAt
  if (event.reactions !== undefined && Object.keys(event.reactions).length > 0) message.reactions = event.reactions
  if (event.hidden) message.hidden = true
  return message
}

/**
 * The target message after an edit, recall or reaction. When the target is not known, a partial
 * message is built from the event so that the app still learns the new state.
 */
export function applyUpdate(target: Message | undefined, event: ConversationEvent): Message {
  const base: Message = target
    ? { ...target }
    : {
        conversationId: event.conversationId,
        seq: event.targetSeq!,
        ts: event.ts,
        senderId: event.senderId,
        kind: 'message',
        status: 'final',
        partial: true,
      }
  switch (event.kind) {
    case 'edit': {
      // A message deleted for this user stays without a body whatever happens to it.
      if (event.body !== undefined && !base.hidden && base.recalledAt === undefined) base.body = event.body as Message['body']
      // The edit that closes a bot stream is the final text, not a user edit.
      if (!isStreamEdit(target, event)) base.editedAt = event.ts
      base.status = event.status ?? 'final'
      if (event.ext !== undefined) base.ext = event.ext
      break
    }
    case 'recall': {
      delete base.body
      base.recalledAt = event.ts
      base.status = 'final'
      break
    }
    case 'reaction': {
      const reaction = parseReaction(event.data)
      if (reaction && !base.hidden) {
        const reactions = applyReaction(base.reactions, reaction.emoji, event.senderId, reaction.remove)
        // The last reaction taken back leaves no `reactions`, as history shows it.
        if (Object.keys(reactions).length > 0) base.reactions = reactions
        else delete base.reactions
      }
      break
    }
  }
  return base
}

/**
 * Whether an edit is a bot stream's own text (the edit that ends a stream, status streaming →
 * final) rather than a person's edit: only a stream's edits carry a `status` (a person's edit never
 * does), and an edit of a message still streaming is the stream's too. The status tells also when
 * the target is not known, or already final because history answered it as it is now and the
 * page brought the edit along.
 */
function isStreamEdit(target: Message | undefined, event: ConversationEvent): boolean {
  return event.status !== undefined || target?.status === 'streaming'
}

/** A reaction event's `data`: `{ emoji, remove? }` (the protocol's shape). */
function parseReaction(data: unknown): { emoji: string; remove: boolean } | undefined {
  if (typeof data !== 'object' || data === null) return undefined
  const { emoji, remove } = data as { emoji?: unknown; remove?: unknown }
  if (typeof emoji !== 'string' || emoji === '') return undefined
  return { emoji, remove: remove === true }
}

/** The message with `hidden` set: deleted for this user, so no body and no reactions. */
export function hideMessage(message: Message): Message {
  const { body: _body, reactions: _reactions, ...rest } = message
  return { ...rest, hidden: true }
}

function applyReaction(
  reactions: Record<string, string[]> | undefined,
  key: string,
  userId: string,
  remove: boolean,
): Record<string, string[]> {
  const next: Record<string, string[]> = { ...reactions }
  const users = new Set(next[key] ?? [])
  if (remove) users.delete(userId)
  else users.add(userId)
  if (users.size === 0) delete next[key]
  else next[key] = [...users]
  return next
}

/**
 * Folds a page of events into messages: entries become messages, and edits/recalls/reactions in
 * the same page are applied to them. Returns the messages in seq order.
 */
export function foldEvents(events: readonly ConversationEvent[]): Message[] {
  const bySeq = new Map<number, Message>()
  for (const event of events) {
    if (isEntryEvent(event)) bySeq.set(event.seq, messageFromEvent(event))
    else if (isUpdateEvent(event)) {
      const target = bySeq.get(event.targetSeq!)
      if (target) bySeq.set(target.seq, applyUpdate(target, event))
    }
  }
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq)
}
