import { identity, type FrameHandler } from '../handler-context.js'

/** `conversation.get`: one conversation of the user. */
export const handleGetConversation: FrameHandler<'conversation.get'> = async (context, frame) => {
  const { appId, userId } = identity(context)
  const { conversation } = await context.conversations.requireMember(appId, frame.conversationId, userId)
  context.session.sendFrame({ type: 'result', id: frame.id, data: await context.conversations.view(conversation) })
}
