import type { BotConfig } from '../bots/bot-config.js'

/** A bot as stored: its settings, and the provider API key only as ciphertext. */
export interface BotRecord {
  appId: string
  /** Also the id of the bot's user (kind `bot`). */
  id: string
  config: BotConfig
  /** AES-256-GCM ciphertext of the provider API key (see `bots/secret-box.ts`), or null. */
  apiKeyCiphertext: string | null
  createdAt: number
  updatedAt: number
}

/** Token usage of one bot for one user on one day (UTC), as the provider reported it. */
export interface BotUsageDelta {
  appId: string
  botId: string
  userId: string
  /** `YYYY-MM-DD` (UTC). */
  day: string
  inputTokens: number
  outputTokens: number
  /** Answers that offered a person because nothing was found. */
  handoffs?: number
}

/** Summed usage over a filter. */
export interface BotUsageTotals {
  inputTokens: number
  outputTokens: number
  handoffs: number
}

/**
 * Bots, their usage counters and per-conversation redaction state. Every method is scoped by app.
 * Conformance: `storage/testing/bot-store-conformance.ts`.
 */
export interface BotStore {
  /** Stores a new bot; throws `already_exists` when the id is taken in the app. */
  create(record: BotRecord): Promise<void>
  get(appId: string, botId: string): Promise<BotRecord | undefined>
  /** The app's bots by id. */
  list(appId: string): Promise<BotRecord[]>
  /** Replaces config and key ciphertext; undefined when the bot does not exist. */
  update(appId: string, botId: string, patch: { config: BotConfig; apiKeyCiphertext: string | null; updatedAt: number }): Promise<BotRecord | undefined>
  delete(appId: string, botId: string): Promise<boolean>
  /** Adds to the usage counters of (app, bot, user, day). */
  addUsage(delta: BotUsageDelta): Promise<void>
  /** Sums usage of the app between two days inclusive, optionally of one bot and/or one user. */
  usage(appId: string, filter: { fromDay: string; toDay: string; botId?: string; userId?: string }): Promise<BotUsageTotals>
  /** The redactor state a bot keeps for a conversation (placeholders stay stable across turns). */
  getRedactionState(appId: string, botId: string, conversationId: string): Promise<unknown | undefined>
  setRedactionState(appId: string, botId: string, conversationId: string, state: unknown): Promise<void>
}
