import { identity, type FrameHandler } from '../handler-context.js'

/** `sync`: where each of the user's conversations stands, past the client's cursors. */
export const handleSync: FrameHandler<'sync'> = async (context, frame) => {
  const { appId, userId } = identity(context)
  const conversations = await context.messages.sync(appId, userId, frame.cursors)
  context.session.sendFrame({ type: 'result', id: frame.id, data: { conversations } })
}
