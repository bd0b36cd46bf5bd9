import { WarblerError, type ReceiptFrame } from '@warbler/protocol'
import { identity, respond, type FrameHandler, type HandlerContext } from '../handler-context.js'

/** Receipts are pushed live only in conversations this small; bigger groups ask with `message.receipts`. */
const LIVE_RECEIPTS_MAX_MEMBERS = 100

/** Tells the other members (and the user's other devices) that a read or delivered position moved. */
export async function pushReceipt(context: HandlerContext, appId: string, frame: ReceiptFrame): Promise<void> {
  const conversation = await context.storage.conversations.get(appId, frame.conversationId)
  if (!conversation || conversation.memberCount > LIVE_RECEIPTS_MAX_MEMBERS) return
  const recipients = await context.caches.memberIds(appId, frame.conversationId)
  await context.fanout.publish(appId, recipients, JSON.stringify(frame))
}

/** `read`: moves the user's read position forward and tells the others. */
export const handleRead: FrameHandler<'read'> = async (context, frame) => {
  const { appId, userId } = identity(context)
  const readSeq = await context.messages.markRead(appId, userId, frame.conversationId, frame.seq)
  if (frame.id) respond(context, frame.id, { conversationId: frame.conversationId, readSeq })
  await pushReceipt(context, appId, { type: 'receipt', conversationId: frame.conversationId, userId, readSeq })
}

/** `delivered`: the client has everything up to seq. */
export const handleDelivered: FrameHandler<'delivered'> = async (context, frame) => {
  const { appId, userId } = identity(context)
  await context.conversations.requireMember(appId, frame.conversationId, userId)
  const deliveredSeq = await context.storage.conversations.markDelivered(appId, frame.conversationId, userId, frame.seq)
  if (frame.id) respond(context, frame.id, { conversationId: frame.conversationId, deliveredSeq })
  await pushReceipt(context, appId, { type: 'receipt', conversationId: frame.conversationId, userId, deliveredSeq })
}

/** `message.receipts`: how many members have read and received a message (and who read it, in small conversations). */
export const handleReceipts: FrameHandler<'message.receipts'> = async (context, frame) => {
  const { appId, userId } = identity(context)
  const { conversation, member } = await context.conversations.requireMember(appId, frame.conversationId, userId)
  // A message before the member's join point in a history-hidden group does not exist for them.
  if (frame.seq < member.visibleFromSeq) throw new WarblerError('not_found', `No message ${frame.seq} in this conversation.`)
  const counts = await context.storage.conversations.receiptCounts(appId, frame.conversationId, frame.seq, { listReaders: conversation.memberCount <= LIVE_RECEIPTS_MAX_MEMBERS })
  respond(context, frame.id, { seq: frame.seq, ...counts })
}
