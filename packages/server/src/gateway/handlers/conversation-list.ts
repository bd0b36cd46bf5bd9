import { identity, respond, type FrameHandler } from '../handler-context.js'

/** `conversation.list`: the user's conversations with previews and unread counts. */
export const handleListConversations: FrameHandler<'conversation.list'> = async (context, frame) => {
  const { appId, userId } = identity(context)
  const page = await context.conversations.list(appId, userId, {
    limit: frame.limit ?? 50,
    ...(frame.beforeActivityAt === undefined ? {} : { beforeActivityAt: frame.beforeActivityAt }),
  })
  respond(context, frame.id, page)
}

/** `conversation.settings`: pin and mute, per user; the user's other devices are told. */
export const handleConversationSettings: FrameHandler<'conversation.settings'> = async (context, frame) => {
  const { appId, userId } = identity(context)
  await context.conversations.requireMember(appId, frame.conversationId, userId)
  const member = await context.storage.conversations.updateMember(appId, frame.conversationId, userId, {
    ...(frame.pinned === undefined ? {} : { pinned: frame.pinned }),
    ...(frame.muted === undefined ? {} : { notificationsMuted: frame.muted }),
  })
  const data = { conversationId: frame.conversationId, pinned: member!.pinned, muted: member!.notificationsMuted }
  respond(context, frame.id, data)
  await context.notices.send(appId, [userId], 'conversation-settings', data)
}
