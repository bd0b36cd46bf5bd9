import type { BotStore } from '../storage/bot-store.js'

const DAY_MS = 24 * 60 * 60 * 1000

function utcDay(ts: number): string {
  return new Date(ts).toISOString().slice(0, 10)
}

/**
 * Tokens per bot and hand-offs from the bots' usage counters (what providers reported, and the
 * answers that offered a person), for some apps since a time. Undefined without a bot store.
 */
export async function botUsageAnalytics(
  store: BotStore | undefined,
  appIds: readonly string[],
  range: { since: number; now: number },
): Promise<{ tokensPerBot: { botId: string; tokens: number }[]; handoffs: number } | undefined> {
  if (!store) return undefined
  const filter = { fromDay: utcDay(range.since), toDay: utcDay(range.now + DAY_MS) }
  const tokens = new Map<string, number>()
  let handoffs = 0
  for (const appId of appIds) {
    for (const bot of await store.list(appId)) {
      const usage = await store.usage(appId, { ...filter, botId: bot.id })
      const total = usage.inputTokens + usage.outputTokens
      const key = appIds.length > 1 ? `${appId}/${bot.id}` : bot.id
      if (total > 0) tokens.set(key, (tokens.get(key) ?? 0) + total)
      handoffs += usage.handoffs
    }
  }
  return { tokensPerBot: [...tokens].map(([botId, count]) => ({ botId, tokens: count })).sort((a, b) => b.tokens - a.tokens), handoffs }
}
