import type { BotConfig } from './bot-config.js'

/** Why a bot answers a message. */
export type TriggerReason = 'direct' | 'mention' | 'keyword'

/** What the trigger check needs to know about a message. */
export interface TriggerInput {
  conversationKind: 'direct' | 'group' | 'system'
  senderId: string
  text: string
  mentions: readonly string[]
}

/**
 * Whether `botId` answers a message: a direct conversation with it, an @mention of it in a group,
 * or one of its keywords (case-insensitive). A bot never answers itself.
 */
export function triggerReason(botId: string, config: BotConfig, input: TriggerInput): TriggerReason | undefined {
  if (input.senderId === botId) return undefined
  if (input.conversationKind === 'direct') return config.triggers.direct ? 'direct' : undefined
  if (input.conversationKind !== 'group') return undefined
  if (config.triggers.mention && input.mentions.includes(botId)) return 'mention'
  const lower = input.text.toLowerCase()
  if (config.triggers.keywords.some((keyword) => lower.includes(keyword.toLowerCase()))) return 'keyword'
  return undefined
}
