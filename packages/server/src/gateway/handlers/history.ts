import { identity, type FrameHandler } from '../handler-context.js'

/** `history`: a page of a conversation's events, for members only. */
export const handleHistory: FrameHandler<'history'> = async (context, frame) => {
  const { appId, userId } = identity(context)
  const page = await context.messages.history(appId, userId, frame.conversationId, {
    ...(frame.afterSeq === undefined ? {} : { afterSeq: frame.afterSeq }),
    ...(frame.beforeSeq === undefined ? {} : { beforeSeq: frame.beforeSeq }),
    ...(frame.limit === undefined ? {} : { limit: frame.limit }),
  })
  context.session.sendFrame({ type: 'result', id: frame.id, data: page })
}
