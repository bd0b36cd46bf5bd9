import { z } from 'zod'

/** How a bot reaches its model provider; the API key itself is stored apart, encrypted. */
export const BotProviderInput = z.object({
  baseUrl: z.string().url().max(2000),
  apiKey: z.string().max(4000).optional(),
  model: z.string().min(1).max(200),
  fallbackModels: z.array(z.string().min(1).max(200)).max(5).optional(),
})

/** What wakes a bot up. Direct messages and @mentions are on by default. */
export const BotTriggers = z.object({
  direct: z.boolean().default(true),
  mention: z.boolean().default(true),
  keywords: z.array(z.string().min(1).max(100)).max(50).default([]),
})

/** Token quotas counted from the usage providers report. */
export const BotQuotas = z.object({
  userDailyTokens: z.number().int().positive().optional(),
  appMonthlyTokens: z.number().int().positive().optional(),
})

const BotId = z.string().regex(/^[A-Za-z0-9_.@-]{1,64}$/, 'ids are 1 to 64 letters, digits, _ . @ -')

/** `POST /api/v1/apps/{appId}/bots`. */
export const CreateBotRequest = z.object({
  id: BotId.optional(),
  name: z.string().min(1).max(100),
  systemPrompt: z.string().max(20_000).optional(),
  knowledgeBaseIds: z.array(z.string().min(1).max(64)).max(20).optional(),
  provider: BotProviderInput.optional(),
  temperature: z.number().min(0).max(2).optional(),
  maxOutputTokens: z.number().int().min(1).max(32_000).optional(),
  historyTokens: z.number().int().min(0).max(100_000).optional(),
  welcomeMessage: z.string().max(2000).optional(),
  triggers: BotTriggers.partial().optional(),
  quotas: BotQuotas.optional(),
  redactPii: z.boolean().optional(),
  maxConcurrency: z.number().int().min(1).max(64).optional(),
  /** Tools the bot may call (model-backed bots only; see `tools/`). */
  toolIds: z.array(z.string().min(1).max(64)).max(20).optional(),
  /** Phrases with which a customer asks this bot for a person (customer service); default: the app's. */
  handoffPhrases: z.array(z.string().trim().min(1).max(100)).max(100).optional(),
})
/** `POST /api/v1/apps/{appId}/bots` body. */
export type CreateBotRequest = z.infer<typeof CreateBotRequest>

/** `PATCH /api/v1/apps/{appId}/bots/{botId}`: any field of the create request but the id; `provider`, `temperature` and `maxOutputTokens` set to `null` are removed (the model's defaults). */
export const UpdateBotRequest = CreateBotRequest.omit({ id: true })
  .partial()
  .extend({
    provider: BotProviderInput.partial().nullable().optional(),
    temperature: z.number().min(0).max(2).nullable().optional(),
    maxOutputTokens: z.number().int().min(1).max(32_000).nullable().optional(),
  })
/** `PATCH` body. */
export type UpdateBotRequest = z.infer<typeof UpdateBotRequest>

/** A bot's settings as stored (without the API key). */
export interface BotConfig {
  name: string
  systemPrompt: string
  knowledgeBaseIds: string[]
  provider: { baseUrl: string; model: string; fallbackModels: string[] } | null
  temperature?: number
  maxOutputTokens?: number
  historyTokens: number
  welcomeMessage?: string
  triggers: { direct: boolean; mention: boolean; keywords: string[] }
  quotas: { userDailyTokens?: number; appMonthlyTokens?: number }
  redactPii: boolean
  maxConcurrency: number
  /** Tools the bot may call (absent in configs stored before tools existed). */
  toolIds?: string[]
  /** This bot's hand-off phrases, in place of the app's (see `support/`). */
  handoffPhrases?: string[]
}

/** A bot as the API shows it: never the key, only whether one is set. */
export const BotView = z.object({
  id: z.string(),
  name: z.string(),
  systemPrompt: z.string(),
  knowledgeBaseIds: z.array(z.string()),
  provider: z.object({ baseUrl: z.string(), model: z.string(), fallbackModels: z.array(z.string()), apiKeySet: z.boolean() }).nullable(),
  temperature: z.number().optional(),
  maxOutputTokens: z.number().optional(),
  historyTokens: z.number(),
  welcomeMessage: z.string().optional(),
  triggers: z.object({ direct: z.boolean(), mention: z.boolean(), keywords: z.array(z.string()) }),
  quotas: BotQuotas,
  redactPii: z.boolean(),
  maxConcurrency: z.number(),
  toolIds: z.array(z.string()),
  handoffPhrases: z.array(z.string()).optional(),
  createdAt: z.number(),
  updatedAt: z.number(),
})
/** A bot as the API shows it. */
export type BotView = z.infer<typeof BotView>

/** The default system prompt: answer from the sources, cite them, admit ignorance. */
export const DEFAULT_SYSTEM_PROMPT =
  'You are a helpful assistant. Answer from the numbered sources when they are relevant and cite them as [1], [2]. ' +
  'If the sources do not contain the answer, say that you do not know and offer to connect the user with a person. ' +
  'Reply in the language of the user.'

/** Builds the stored config of a new bot from its create request. */
export function configFromCreate(input: CreateBotRequest): BotConfig {
  return {
    name: input.name,
    systemPrompt: input.systemPrompt?.trim() ? input.systemPrompt : DEFAULT_SYSTEM_PROMPT,
    knowledgeBaseIds: input.knowledgeBaseIds ?? [],
    provider: input.provider ? { baseUrl: input.provider.baseUrl, model: input.provider.model, fallbackModels: input.provider.fallbackModels ?? [] } : null,
    ...(input.temperature !== undefined ? { temperature: input.temperature } : {}),
    ...(input.maxOutputTokens !== undefined ? { maxOutputTokens: input.maxOutputTokens } : {}),
    historyTokens: input.historyTokens ?? 2000,
    ...(input.welcomeMessage !== undefined ? { welcomeMessage: input.welcomeMessage } : {}),
    triggers: { direct: input.triggers?.direct ?? true, mention: input.triggers?.mention ?? true, keywords: input.triggers?.keywords ?? [] },
    quotas: input.quotas ?? {},
    redactPii: input.redactPii ?? true,
    maxConcurrency: input.maxConcurrency ?? 4,
    toolIds: input.toolIds ?? [],
    ...(input.handoffPhrases !== undefined ? { handoffPhrases: input.handoffPhrases } : {}),
  }
}
