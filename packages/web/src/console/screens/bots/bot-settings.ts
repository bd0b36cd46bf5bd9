/** The settings of a bot beyond its name, instructions and knowledge (the bots API's fields). */
export interface BotTuning {
  triggers: { direct: boolean; mention: boolean; keywords: string[] }
  quotas: { userDailyTokens?: number; appMonthlyTokens?: number }
  temperature?: number
  maxOutputTokens?: number
  historyTokens: number
  toolIds: string[]
  redactPii: boolean
}

/** What the form holds while a person types: numbers and lists as text. */
export interface TuningDraft {
  direct: boolean
  mention: boolean
  keywords: string
  userDailyTokens: string
  appMonthlyTokens: string
  temperature: string
  maxOutputTokens: string
  historyTokens: string
  fallbackModels: string
  toolIds: string[]
  redactPii: boolean
}

/** The API's default history budget (tokens of earlier messages sent to the model). */
export const DEFAULT_HISTORY_TOKENS = 2000

/** Why a field was refused, as a key of `console.bots.tuning.errors`, with its limits. */
export interface FieldError {
  key: 'number' | 'whole' | 'range' | 'positive' | 'tooMany' | 'tooLong'
  min?: number
  max?: number
}

/** The fields of a draft that can be wrong. */
export type TuningField = 'keywords' | 'userDailyTokens' | 'appMonthlyTokens' | 'temperature' | 'maxOutputTokens' | 'historyTokens' | 'fallbackModels'

/** The part of a bot change these settings make (`PATCH …/bots/{botId}` / create body); `null` removes a setting. */
export interface TuningChange {
  triggers: { direct: boolean; mention: boolean; keywords: string[] }
  quotas: { userDailyTokens?: number; appMonthlyTokens?: number }
  temperature?: number | null
  maxOutputTokens?: number | null
  historyTokens: number
  toolIds: string[]
  redactPii: boolean
  fallbackModels: string[]
}

/** The draft of a bot's settings (a new bot: the API's defaults). */
export function tuningDraft(bot?: Partial<BotTuning> & { provider?: { fallbackModels?: string[] } | null }): TuningDraft {
  const number = (value: number | undefined) => (value === undefined ? '' : String(value))
  return {
    direct: bot?.triggers?.direct ?? true,
    mention: bot?.triggers?.mention ?? true,
    keywords: (bot?.triggers?.keywords ?? []).join('\n'),
    userDailyTokens: number(bot?.quotas?.userDailyTokens),
    appMonthlyTokens: number(bot?.quotas?.appMonthlyTokens),
    temperature: number(bot?.temperature),
    maxOutputTokens: number(bot?.maxOutputTokens),
    historyTokens: number(bot?.historyTokens ?? DEFAULT_HISTORY_TOKENS),
    fallbackModels: (bot?.provider?.fallbackModels ?? []).join('\n'),
    toolIds: bot?.toolIds ?? [],
    redactPii: bot?.redactPii ?? true,
  }
}

/** Splits a list typed one a line (or comma-separated) into its trimmed, distinct items. */
export function listItems(text: string): string[] {
  return [...new Set(text.split(/[\n,，]/).map((item) => item.trim()).filter((item) => item !== ''))]
}

function numberField(text: string, rule: { whole: boolean; min: number; max: number; positive?: boolean }): { value?: number; error?: FieldError } {
  const trimmed = text.trim()
  if (trimmed === '') return {}
  const value = Number(trimmed)
  if (!Number.isFinite(value)) return { error: { key: 'number' } }
  if (rule.whole && !Number.isInteger(value)) return { error: { key: 'whole' } }
  if (rule.positive && value <= 0) return { error: { key: 'positive' } }
  if (value < rule.min || value > rule.max) return { error: { key: 'range', min: rule.min, max: rule.max } }
  return { value }
}

function listField(text: string, limits: { items: number; length: number }): { value: string[]; error?: FieldError } {
  const value = listItems(text)
  if (value.length > limits.items) return { value, error: { key: 'tooMany', max: limits.items } }
  if (value.some((item) => item.length > limits.length)) return { value, error: { key: 'tooLong', max: limits.length } }
  return { value }
}

/**
 * Checks a draft against the bots API's limits and builds the change: empty quotas mean no quota,
 * an empty temperature or output limit means the model's default (`null` removes one that was
 * set), an empty history budget is the API's default (2,000 tokens).
 */
export function parseTuning(draft: TuningDraft): { change?: TuningChange; errors: Partial<Record<TuningField, FieldError>> } {
  const errors: Partial<Record<TuningField, FieldError>> = {}
  const keywords = listField(draft.keywords, { items: 50, length: 100 })
  const fallbackModels = listField(draft.fallbackModels, { items: 5, length: 200 })
  const userDailyTokens = numberField(draft.userDailyTokens, { whole: true, positive: true, min: 1, max: Number.MAX_SAFE_INTEGER })
  const appMonthlyTokens = numberField(draft.appMonthlyTokens, { whole: true, positive: true, min: 1, max: Number.MAX_SAFE_INTEGER })
  const temperature = numberField(draft.temperature, { whole: false, min: 0, max: 2 })
  const maxOutputTokens = numberField(draft.maxOutputTokens, { whole: true, min: 1, max: 32_000 })
  const historyTokens = numberField(draft.historyTokens, { whole: true, min: 0, max: 100_000 })
  const checked = { keywords, fallbackModels, userDailyTokens, appMonthlyTokens, temperature, maxOutputTokens, historyTokens }
  for (const [field, result] of Object.entries(checked)) if (result.error) errors[field as TuningField] = result.error
  if (Object.keys(errors).length > 0) return { errors }
  return {
    errors,
    change: {
      triggers: { direct: draft.direct, mention: draft.mention, keywords: keywords.value },
      quotas: {
        ...(userDailyTokens.value !== undefined ? { userDailyTokens: userDailyTokens.value } : {}),
        ...(appMonthlyTokens.value !== undefined ? { appMonthlyTokens: appMonthlyTokens.value } : {}),
      },
      temperature: temperature.value ?? null,
      maxOutputTokens: maxOutputTokens.value ?? null,
      historyTokens: historyTokens.value ?? DEFAULT_HISTORY_TOKENS,
      toolIds: draft.toolIds,
      redactPii: draft.redactPii,
      fallbackModels: fallbackModels.value,
    },
  }
}
