import type { DomainEventMap, DomainEvents } from '../domain/domain-events.js'
import type { WebhookDispatcher } from './webhook-dispatcher.js'

/**
 * The webhook `data` of a domain event: `message.*` carry `{ conversationId, message }` (the stored
 * event as clients see it); the others carry the domain payload without `appId` (which is on the
 * envelope already).
 */
export function webhookData<T extends keyof DomainEventMap>(type: T, payload: DomainEventMap[T]): unknown {
  if (type === 'message.created' || type === 'message.edited' || type === 'message.recalled') {
    const { event } = payload as DomainEventMap['message.created']
    return { conversationId: event.conversationId, message: event }
  }
  const { appId: _appId, ...data } = payload
  return data
}

const FORWARDED: readonly (keyof DomainEventMap)[] = [
  'message.created',
  'message.edited',
  'message.recalled',
  'conversation.created',
  'member.joined',
  'member.left',
  'user.created',
]

/** Forwards every domain event to the webhook outbox (fire and forget). Returns a function that unsubscribes. */
export function forwardDomainEvents(events: DomainEvents, dispatcher: WebhookDispatcher): () => void {
  const offs = FORWARDED.map((type) => events.on(type, (payload) => void dispatcher.emit(payload.appId, type, webhookData(type, payload))))
  return () => offs.forEach((off) => off())
}
