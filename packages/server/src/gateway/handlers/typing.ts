import type { TypingNoticeFrame } from '@warbler/protocol'
import { identity, type FrameHandler } from '../handler-context.js'

/** Typing indicators go out live only in conversations this small. */
const TYPING_MAX_MEMBERS = 500

/** `typing`: tells the other members someone is typing. Ephemeral, rate-limited, dropped silently when over the limit. */
export const handleTyping: FrameHandler<'typing'> = async (context, frame) => {
  if (!context.session.typingBucket.take()) return
  const { appId, userId } = identity(context)
  const { conversation } = await context.conversations.requireMember(appId, frame.conversationId, userId)
  if (conversation.memberCount > TYPING_MAX_MEMBERS) return
  const others = (await context.caches.memberIds(appId, frame.conversationId)).filter((id) => id !== userId)
  const notice: TypingNoticeFrame = { type: 'typing', conversationId: frame.conversationId, userId, active: frame.active }
  await context.fanout.publish(appId, others, JSON.stringify(notice))
}
