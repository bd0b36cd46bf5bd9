import { WarblerError } from '@warbler/protocol'
import type { AppendResult as StoredAppend } from '../../storage/storage.js'
import { identity, type FrameHandler } from '../handler-context.js'

/**
 * `message.send`: rate-limited per connection; validated; stored in the order this connection sent
 * them; acked only after the commit; then fanned out (the ack is written before the event, so the
 * sending device sees its ack first).
 */
export const handleMessageSend: FrameHandler<'message.send'> = async (context, frame, receivedAt) => {
  const { session } = context
  if (!session.sendBucket.take()) {
    throw new WarblerError('rate_limited', `At most ${context.limits.sendsPerSecond} sends per second per connection.`)
  }
  const { appId, userId } = identity(context)
  let committed!: Promise<StoredAppend>
  // Prepare (checks) and issue the append in arrival order; commits then complete in that order.
  const issued = session.sendOrder.then(async () => {
    const event = await context.messages.prepareSend(appId, userId, {
      conversationId: frame.conversationId,
      body: frame.body,
      clientMsgId: frame.clientMsgId,
      ...(frame.ext === undefined ? {} : { ext: frame.ext }),
      ...(frame.replyToSeq === undefined ? {} : { replyToSeq: frame.replyToSeq }),
    })
    committed = context.messages.commit(event)
  })
  session.sendOrder = issued.catch(() => undefined)
  await issued
  const result = await committed
  session.sendFrame({
    type: 'ack',
    ...(frame.id ? { id: frame.id } : {}),
    clientMsgId: frame.clientMsgId,
    conversationId: result.event.conversationId,
    seq: result.event.seq,
    ts: result.event.ts,
    duplicate: result.duplicate,
  })
  context.metrics.sendToAck.observe((performance.now() - receivedAt) / 1000)
  context.metrics.sends.inc({ transport: 'ws', duplicate: String(result.duplicate) })
  await context.messages.publish(appId, result.event, { repeat: result.duplicate })
}

