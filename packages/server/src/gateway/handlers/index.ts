import type { ClientFrame } from '@warbler/protocol'
import type { FrameHandler } from '../handler-context.js'
import { handleAuth } from './auth.js'
import { handleGetConversation } from './conversation-get.js'
import { handleOpenDirect } from './conversation-open-direct.js'
import { handleHistory } from './history.js'
import { handleMessageSend } from './message-send.js'
import { handlePing } from './ping.js'
import { handleRead } from './read.js'
import { handleSync } from './sync.js'

/** One handler per client frame type. */
export const FRAME_HANDLERS: { [T in ClientFrame['type']]: FrameHandler<T> } = {
  auth: handleAuth,
  ping: handlePing,
  'message.send': handleMessageSend,
  'conversation.open-direct': handleOpenDirect,
  'conversation.get': handleGetConversation,
  sync: handleSync,
  history: handleHistory,
  read: handleRead,
}
