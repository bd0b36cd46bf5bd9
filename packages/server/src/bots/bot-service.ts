import { createOpenAICompatibleProvider, createResilientModel, type AddressPolicy, type KnowledgeService, type LanguageModel, type ResilientModelOptions } from '@warbler/ai'
import { WarblerError } from '@warbler/protocol'
import type { UserService } from '../domain/user-service.js'
import type { BotRecord, BotStore } from '../storage/bot-store.js'
import { configFromCreate, DEFAULT_SYSTEM_PROMPT, type BotConfig, type BotView, type CreateBotRequest, type UpdateBotRequest } from './bot-config.js'
import { BotQuotas } from './bot-quotas.js'
import { checkProviderAddress } from './provider-address.js'
import type { AppBoxes } from '../compliance/keys/app-keyring.js'
import type { SecretSealer } from '../compliance/keys/app-secret-box.js'

/** How long the runtime may use a cached list of an app's bots (CRUD on this node clears it at once). */
const BOT_CACHE_MS = 2_000
/** Bots whose model is kept for the next reply (the least recently built go first). */
const MODEL_CACHE_SIZE = 1_000

function modelKey(appId: string, botId: string): string {
  return `${appId}\n${botId}`
}

/** Shows a stored bot without its key. */
export function toBotView(record: BotRecord): BotView {
  const { config } = record
  return {
    id: record.id,
    name: config.name,
    systemPrompt: config.systemPrompt,
    knowledgeBaseIds: config.knowledgeBaseIds,
    provider: config.provider ? { ...config.provider, apiKeySet: record.apiKeyCiphertext !== null } : null,
    ...(config.temperature !== undefined ? { temperature: config.temperature } : {}),
    ...(config.maxOutputTokens !== undefined ? { maxOutputTokens: config.maxOutputTokens } : {}),
    historyTokens: config.historyTokens,
    ...(config.welcomeMessage !== undefined ? { welcomeMessage: config.welcomeMessage } : {}),
    triggers: config.triggers,
    quotas: config.quotas,
    redactPii: config.redactPii,
    maxConcurrency: config.maxConcurrency,
    toolIds: config.toolIds ?? [],
    ...(config.handoffPhrases !== undefined ? { handoffPhrases: config.handoffPhrases } : {}),
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  }
}

/**
 * Bots of an app: each is a user of kind `bot` plus its settings. The provider API key is
 * encrypted with the app's data key (`boxes`; the server's one key `box` still opens keys sealed
 * before encryption at rest) and never shown again (`apiKeySet: true`).
 *
 * @example
 * ```ts
 * const bot = await bots.create(appId, { name: 'Helper', knowledgeBaseIds: [kbId] })
 * ```
 */
export class BotService {
  private readonly cache = new Map<string, { at: number; bots: Promise<BotRecord[]> }>()
  /** Per bot: the provider settings a model was built from, and the model (stateless, so shared by replies). */
  private readonly models = new Map<string, { signature: string; model: LanguageModel }>()
  /** Per app: its secret box, loaded whenever its bots are read, so {@link model} can stay synchronous. */
  private readonly sealers = new Map<string, SecretSealer>()
  /** Usage accounting and quota checks over the bot store. */
  readonly quotas: BotQuotas

  constructor(
    private readonly deps: {
      store: BotStore
      users: UserService
      /** The server's one key of before: opens provider keys sealed with it; seals when there are no per-app boxes. */
      box: SecretSealer
      /** Each app's secret box (its data key). */
      boxes?: AppBoxes
      knowledge: KnowledgeService
      /** Where provider base URLs may point (internal addresses only when allowlisted). */
      providerPolicy: AddressPolicy
      resilience?: Partial<ResilientModelOptions>
      /** Refuses tool ids the app does not have (`validation_failed`); wired by the tool services. */
      checkTools?: (appId: string, toolIds: readonly string[]) => Promise<void>
    },
  ) {
    this.quotas = new BotQuotas(deps.store)
  }

  /** Creates the bot user and its settings. */
  async create(appId: string, input: CreateBotRequest): Promise<BotView> {
    if (input.id !== undefined && (await this.deps.store.get(appId, input.id))) throw new WarblerError('already_exists', `Bot ${input.id} already exists.`)
    const config = configFromCreate(input)
    await this.checkKnowledgeBases(appId, config.knowledgeBaseIds)
    if (config.toolIds && config.toolIds.length > 0) await this.deps.checkTools?.(appId, config.toolIds)
    if (config.provider) await checkProviderAddress(config.provider.baseUrl, this.deps.providerPolicy)
    const user = await this.deps.users.create(appId, { ...(input.id !== undefined ? { id: input.id } : {}), name: input.name, kind: 'bot' })
    const now = Date.now()
    const record: BotRecord = {
      appId,
      id: user.id,
      config,
      apiKeyCiphertext: input.provider?.apiKey ? (await this.sealer(appId)).encrypt(input.provider.apiKey) : null,
      createdAt: now,
      updatedAt: now,
    }
    await this.deps.store.create(record)
    this.cache.delete(appId)
    return toBotView(record)
  }

  /** A bot; `not_found` when the app has none by that id. */
  async require(appId: string, botId: string): Promise<BotRecord> {
    const [record] = await Promise.all([this.deps.store.get(appId, botId), this.sealer(appId)])
    if (!record) throw new WarblerError('not_found', `No bot ${botId}.`)
    return record
  }

  /** The app's bots. */
  async list(appId: string): Promise<BotRecord[]> {
    const [records] = await Promise.all([this.deps.store.list(appId), this.sealer(appId)])
    return records
  }

  /** The app's bots from a short-lived cache (the runtime asks on every message). */
  botsOf(appId: string): Promise<BotRecord[]> {
    const cached = this.cache.get(appId)
    if (cached && Date.now() - cached.at < BOT_CACHE_MS) return cached.bots
    const bots = this.list(appId)
    this.cache.set(appId, { at: Date.now(), bots })
    bots.catch(() => this.cache.delete(appId))
    if (this.cache.size > 10_000) this.cache.delete(this.cache.keys().next().value!)
    return bots
  }

  /** Changes settings; `provider: null` removes the provider (the bot answers extractively). */
  async update(appId: string, botId: string, patch: UpdateBotRequest): Promise<BotView> {
    const record = await this.require(appId, botId)
    const config: BotConfig = { ...record.config }
    let apiKeyCiphertext = record.apiKeyCiphertext
    if (patch.name !== undefined) config.name = patch.name
    // An empty prompt is no instruction at all: it puts the default back (docs/bots.md).
    if (patch.systemPrompt !== undefined) config.systemPrompt = patch.systemPrompt.trim() ? patch.systemPrompt : DEFAULT_SYSTEM_PROMPT
    if (patch.knowledgeBaseIds !== undefined) {
      await this.checkKnowledgeBases(appId, patch.knowledgeBaseIds)
      config.knowledgeBaseIds = patch.knowledgeBaseIds
    }
    if (patch.provider === null) {
      config.provider = null
      apiKeyCiphertext = null
    } else if (patch.provider !== undefined) {
      const merged = { ...config.provider, ...patch.provider }
      if (!merged.baseUrl || !merged.model) throw new WarblerError('validation_failed', 'provider needs baseUrl and model.')
      config.provider = { baseUrl: merged.baseUrl, model: merged.model, fallbackModels: merged.fallbackModels ?? [] }
      await checkProviderAddress(merged.baseUrl, this.deps.providerPolicy)
      if (patch.provider.apiKey !== undefined) apiKeyCiphertext = patch.provider.apiKey === '' ? null : (await this.sealer(appId)).encrypt(patch.provider.apiKey)
    }
    if (patch.toolIds !== undefined) {
      await this.deps.checkTools?.(appId, patch.toolIds)
      config.toolIds = patch.toolIds
    }
    for (const key of ['temperature', 'maxOutputTokens', 'historyTokens', 'welcomeMessage', 'quotas', 'redactPii', 'maxConcurrency', 'handoffPhrases'] as const) {
      // null removes an optional setting (temperature, maxOutputTokens): the model's default again.
      if (patch[key] === null) delete (config as unknown as Record<string, unknown>)[key]
      else if (patch[key] !== undefined) (config as unknown as Record<string, unknown>)[key] = patch[key]
    }
    if (patch.triggers !== undefined) config.triggers = { ...config.triggers, ...patch.triggers }
    const updated = await this.deps.store.update(appId, botId, { config, apiKeyCiphertext, updatedAt: Date.now() })
    if (!updated) throw new WarblerError('not_found', `No bot ${botId}.`)
    if (patch.name !== undefined) await this.deps.users.update(appId, botId, { name: patch.name })
    this.cache.delete(appId)
    return toBotView(updated)
  }

  /** Deletes the bot's settings; its user stays (history keeps naming it) but no longer answers. */
  async delete(appId: string, botId: string): Promise<void> {
    if (!(await this.deps.store.delete(appId, botId))) throw new WarblerError('not_found', `No bot ${botId}.`)
    this.cache.delete(appId)
    this.models.delete(modelKey(appId, botId))
  }

  /** The app's secret box (kept for {@link model}); the server's one box without per-app boxes. */
  private async sealer(appId: string): Promise<SecretSealer> {
    if (!this.deps.boxes) return this.deps.box
    const known = this.sealers.get(appId)
    if (known) return known
    const box = await this.deps.boxes.box(appId)
    this.sealers.set(appId, box)
    if (this.sealers.size > 10_000) this.sealers.delete(this.sealers.keys().next().value!)
    return box
  }

  /**
   * The bot's model: primary then fallback models of its provider behind a ResilientModel, or
   * undefined when it has no provider (it answers extractively).
   */
  model(record: BotRecord): LanguageModel | undefined {
    const provider = record.config.provider
    if (!provider) return undefined
    // Building one costs a key decryption and the SDK's chunk schemas; a bot replies many times.
    const key = modelKey(record.appId, record.id)
    const signature = JSON.stringify([provider.baseUrl, provider.model, provider.fallbackModels, record.apiKeyCiphertext])
    const cached = this.models.get(key)
    if (cached?.signature === signature) return cached.model
    const apiKey = record.apiKeyCiphertext ? (this.sealers.get(record.appId) ?? this.deps.box).decrypt(record.apiKeyCiphertext) : undefined
    const models = createOpenAICompatibleProvider({ name: 'bot-provider', baseURL: provider.baseUrl, outbound: this.deps.providerPolicy, ...(apiKey ? { apiKey } : {}) })
    const model = createResilientModel({
      ...this.deps.resilience,
      models: [provider.model, ...provider.fallbackModels].map((id) => models.languageModel(id)),
    })
    this.models.delete(key)
    this.models.set(key, { signature, model })
    if (this.models.size > MODEL_CACHE_SIZE) this.models.delete(this.models.keys().next().value!)
    return model
  }

  private async checkKnowledgeBases(appId: string, ids: readonly string[]): Promise<void> {
    for (const id of ids) await this.deps.knowledge.getKnowledgeBase(appId, id)
  }
}
