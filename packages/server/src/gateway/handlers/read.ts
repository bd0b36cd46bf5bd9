import { identity, type FrameHandler } from '../handler-context.js'

/** `read`: moves the user's read position forward. */
export const handleRead: FrameHandler<'read'> = async (context, frame) => {
  const { appId, userId } = identity(context)
  const readSeq = await context.messages.markRead(appId, userId, frame.conversationId, frame.seq)
  if (frame.id) context.session.sendFrame({ type: 'result', id: frame.id, data: { conversationId: frame.conversationId, readSeq } })
}
