import type { BotRecord } from '../storage/bot-store.js'
import type { CandidateOverrides } from '../storage/evaluation-store.js'

/**
 * The bot as a candidate (or an A/B variant) sees it: its stored settings with the overrides
 * applied. A model override keeps the bot's provider (and key) and changes only the model id; a
 * bot without a provider ignores it (it answers extractively).
 */
export function applyOverrides(bot: BotRecord, overrides: CandidateOverrides | undefined): BotRecord {
  if (!overrides) return bot
  const config = { ...bot.config }
  if (overrides.systemPrompt !== undefined) config.systemPrompt = overrides.systemPrompt
  if (overrides.knowledgeBaseIds !== undefined) config.knowledgeBaseIds = overrides.knowledgeBaseIds
  if (overrides.temperature !== undefined) config.temperature = overrides.temperature
  if (overrides.model !== undefined && config.provider) config.provider = { ...config.provider, model: overrides.model, fallbackModels: [] }
  return { ...bot, config }
}
