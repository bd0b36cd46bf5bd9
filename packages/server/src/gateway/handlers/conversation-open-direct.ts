import { identity, type FrameHandler } from '../handler-context.js'

/** `conversation.open-direct`: the direct conversation with a peer, created on first use. */
export const handleOpenDirect: FrameHandler<'conversation.open-direct'> = async (context, frame) => {
  const { appId, userId } = identity(context)
  const record = await context.conversations.openDirect(appId, userId, frame.peerId)
  context.session.sendFrame({ type: 'result', id: frame.id, data: await context.conversations.view(record) })
}
