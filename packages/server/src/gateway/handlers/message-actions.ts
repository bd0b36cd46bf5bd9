import type { AppendResult } from '../../storage/storage.js'
import { identity, respond, type FrameHandler, type HandlerContext } from '../handler-context.js'

function answerWithSeq(context: HandlerContext, id: string, result: AppendResult): void {
  respond(context, id, { seq: result.event.seq })
}

/** `message.edit`: edit your own message within the edit window. */
export const handleEdit: FrameHandler<'message.edit'> = async (context, frame) => {
  const { appId, userId } = identity(context)
  answerWithSeq(context, frame.id, await context.actions.edit(appId, userId, frame.conversationId, frame.seq, frame.body))
}

/** `message.recall`: recall your message within the window; owners and admins any. */
export const handleRecall: FrameHandler<'message.recall'> = async (context, frame) => {
  const { appId, userId } = identity(context)
  answerWithSeq(context, frame.id, await context.actions.recall(appId, userId, frame.conversationId, frame.seq))
}

/** `message.react`: add or remove a reaction. */
export const handleReact: FrameHandler<'message.react'> = async (context, frame) => {
  const { appId, userId } = identity(context)
  answerWithSeq(context, frame.id, await context.actions.react(appId, userId, frame.conversationId, frame.seq, frame.emoji, frame.remove ?? false))
}

/** `message.delete`: delete a message for yourself. */
export const handleDeleteForMe: FrameHandler<'message.delete'> = async (context, frame) => {
  const { appId, userId } = identity(context)
  await context.actions.deleteForMe(appId, userId, frame.conversationId, frame.seq)
  respond(context, frame.id, { conversationId: frame.conversationId, seq: frame.seq })
}

/** `message.forward`: forward a message into another conversation. */
export const handleForward: FrameHandler<'message.forward'> = async (context, frame) => {
  const { appId, userId } = identity(context)
  const result = await context.actions.forward(appId, userId, frame)
  respond(context, frame.id, { conversationId: result.event.conversationId, seq: result.event.seq, ts: result.event.ts, duplicate: result.duplicate })
}
