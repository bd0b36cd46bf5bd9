import type { MessageService } from '../domain/message-service.js'
import type { BotRecord } from '../storage/bot-store.js'

/** The fixed `clientMsgId` of a bot's welcome, so a conversation is greeted once however often it is asked. */
export function welcomeClientMsgId(conversationId: string): string {
  return `welcome:${conversationId}`
}

/**
 * Greets a person in a new direct conversation with a bot that has a `welcomeMessage`. Two bots
 * never greet each other (the greeting would trigger the other bot).
 */
export async function sendWelcome(messages: MessageService, bots: readonly BotRecord[], appId: string, conversationId: string, memberIds: readonly string[]): Promise<void> {
  const botIds = new Set(bots.map((bot) => bot.id))
  if (memberIds.every((id) => botIds.has(id))) return
  for (const bot of bots) {
    const text = bot.config.welcomeMessage
    if (!text || !memberIds.includes(bot.id)) continue
    await messages.append({
      appId, conversationId, senderId: bot.id, kind: 'message', body: { type: 'text', text }, status: 'final',
      clientMsgId: welcomeClientMsgId(conversationId), ts: Date.now(),
    })
  }
}
