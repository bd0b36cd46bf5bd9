import type { Storage, EventRecord } from '../storage/storage.js'

/** The question a bot reply answered: its reply key names the triggering `seq` (`bot-reply:{conversationId}:{seq}`). */
export async function questionOf(storage: Storage, appId: string, reply: EventRecord): Promise<EventRecord | undefined> {
  const triggerSeq = Number(/^bot-reply:.*:(\d+)$/.exec(reply.clientMsgId ?? '')?.[1])
  if (Number.isInteger(triggerSeq) && triggerSeq > 0) {
    const trigger = await storage.events.get(appId, reply.conversationId, triggerSeq)
    if (trigger?.body?.type === 'text') return trigger
  }
  // Older replies without the key: the last text message by someone else before the reply.
  const { events } = await storage.events.range(appId, reply.conversationId, { beforeSeq: reply.seq, limit: 10 })
  return [...events].reverse().find((event) => event.kind === 'message' && event.senderId !== reply.senderId && event.body?.type === 'text')
}

/** The text of a message (empty for other bodies). */
export function textOf(event: EventRecord | undefined): string {
  return event?.body?.type === 'text' ? event.body.text : ''
}
