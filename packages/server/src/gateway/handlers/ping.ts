import type { FrameHandler } from '../handler-context.js'

/** `ping`: answers `pong` with the server time. */
export const handlePing: FrameHandler<'ping'> = async (context, frame) => {
  context.session.sendFrame({ type: 'pong', ...(frame.id ? { id: frame.id } : {}), serverTime: Date.now() })
}
