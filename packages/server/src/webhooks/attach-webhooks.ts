import type { ServerContext } from '../server-context.js'
import type { BeforeSendFunction } from './before-send-hook.js'
import { forwardDomainEvents } from './event-data.js'

/**
 * Connects webhooks to the domain: every domain event goes to the outbox, and MessageService asks
 * the app's before-send hook before it stores a message. Returns a function that disconnects both.
 */
export function attachWebhooks(context: Pick<ServerContext, 'domainEvents' | 'messages' | 'webhooks'>): () => void {
  const stopForwarding = forwardDomainEvents(context.domainEvents, context.webhooks.dispatcher)
  // MessageService exposes a `beforeSend` setter; the cast keeps this file independent of its constructor.
  const messages = context.messages as unknown as { beforeSend?: BeforeSendFunction }
  messages.beforeSend = context.webhooks.beforeSend.asCheck()
  return () => {
    stopForwarding()
    messages.beforeSend = undefined
  }
}
