import { toQueryTerms } from '@warbler/ai'
import { identity, respond, type FrameHandler } from '../handler-context.js'

/** `message.search`: Chinese-aware full-text search over the messages the user can see. */
export const handleSearch: FrameHandler<'message.search'> = async (context, frame) => {
  const { appId, userId } = identity(context)
  const terms = toQueryTerms(frame.query).map((term) => term.term)
  const events = await context.actions.search(appId, userId, {
    terms,
    limit: frame.limit ?? 20,
    ...(frame.conversationId ? { conversationId: frame.conversationId } : {}),
    ...(frame.senderId ? { senderId: frame.senderId } : {}),
    ...(frame.fromTs !== undefined ? { fromTs: frame.fromTs } : {}),
    ...(frame.toTs !== undefined ? { toTs: frame.toTs } : {}),
  })
  respond(context, frame.id, {
    hits: events.map((event) => ({ conversationId: event.conversationId, seq: event.seq, senderId: event.senderId, ts: event.ts, event })),
  })
}
