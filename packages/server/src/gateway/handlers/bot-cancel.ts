import { identity, respond, type FrameHandler } from '../handler-context.js'

/** `bot.cancel`: a member stops a bot's streaming reply; the bot keeps the text so far, marked cancelled. */
export const handleBotCancel: FrameHandler<'bot.cancel'> = async (context, frame) => {
  const { appId, userId } = identity(context)
  await context.conversations.requireMember(appId, frame.conversationId, userId)
  const cancelled = await context.botRuntime.cancel(appId, frame.conversationId, frame.seq)
  if (frame.id) respond(context, frame.id, { conversationId: frame.conversationId, seq: frame.seq, cancelled })
}
