import type { TokenUsage } from '@warbler/ai'
import type { BotRecord, BotStore } from '../storage/bot-store.js'

/** `YYYY-MM-DD` in UTC. */
export function utcDay(time: number = Date.now()): string {
  return new Date(time).toISOString().slice(0, 10)
}

/**
 * Quotas from provider-reported usage: a user's tokens with this bot today and the app's tokens
 * this month (UTC). Checked before a reply; a reply already running is never cut short.
 */
export class BotQuotas {
  constructor(private readonly store: BotStore) {}

  /** Which quota is used up, or undefined when the reply may go ahead. */
  async exceeded(bot: BotRecord, userId: string, now: number = Date.now()): Promise<'user_daily' | 'app_monthly' | undefined> {
    const { userDailyTokens, appMonthlyTokens } = bot.config.quotas
    const today = utcDay(now)
    if (userDailyTokens !== undefined) {
      const used = await this.store.usage(bot.appId, { fromDay: today, toDay: today, botId: bot.id, userId })
      if (used.inputTokens + used.outputTokens >= userDailyTokens) return 'user_daily'
    }
    if (appMonthlyTokens !== undefined) {
      const month = today.slice(0, 7)
      const used = await this.store.usage(bot.appId, { fromDay: `${month}-01`, toDay: `${month}-31` })
      if (used.inputTokens + used.outputTokens >= appMonthlyTokens) return 'app_monthly'
    }
    return undefined
  }

  /** Records what the provider reported for one reply. */
  async record(bot: BotRecord, userId: string, usage: TokenUsage, now: number = Date.now()): Promise<void> {
    if (usage.inputTokens === 0 && usage.outputTokens === 0) return
    await this.store.addUsage({ appId: bot.appId, botId: bot.id, userId, day: utcDay(now), inputTokens: usage.inputTokens, outputTokens: usage.outputTokens })
  }

  /** Counts an answer that offered a person (analytics count hand-offs per day). */
  async recordHandoff(bot: BotRecord, userId: string, now: number = Date.now()): Promise<void> {
    await this.store.addUsage({ appId: bot.appId, botId: bot.id, userId, day: utcDay(now), inputTokens: 0, outputTokens: 0, handoffs: 1 })
  }
}
