/**
 * A Warbler `EmbeddingModel` for any endpoint speaking OpenAI's `/embeddings`.
 */
import { embedMany } from 'ai'
import type { EmbedOptions, EmbeddingModel, ModelSpecificationVersion } from '../model-types.js'
import { mapOpenAICompatibleError } from './map-openai-compatible-error.js'
import { createSdkProvider, DEFAULT_PROVIDER_NAME, type OpenAICompatibleSettings } from './openai-compatible-settings.js'

/** Options of one embedding model. */
export interface OpenAICompatibleEmbeddingOptions {
  /**
   * The most values the endpoint takes in one request (default 64). Providers differ: DashScope's
   * `text-embedding-v3`/`v4` take 10, Zhipu's `embedding-3` 64, OpenAI 2048. Longer inputs to
   * `doEmbed` are sent in batches of this size, one after another.
   */
  maxEmbeddingsPerCall?: number
  /** Ask for vectors of this size, for models that support it (`text-embedding-3-*`, `text-embedding-v3`). */
  dimensions?: number
}

/**
 * An embedding model behind an OpenAI-compatible API. One request per batch, no retries; failures
 * reject with a `WarblerError` carrying a retryable flag (see `mapOpenAICompatibleError`).
 *
 * @example
 * ```ts
 * const embedder = new OpenAICompatibleEmbeddingModel('text-embedding-v4', {
 *   name: 'qwen', baseURL: 'https://dashscope.aliyuncs.com/compatible-mode/v1', apiKey,
 * }, { maxEmbeddingsPerCall: 10 })
 * const { embeddings } = await embedder.doEmbed({ values: ['退款政策', 'refund policy'] })
 * ```
 */
export class OpenAICompatibleEmbeddingModel implements EmbeddingModel {
  readonly specificationVersion: ModelSpecificationVersion = 'warbler-v1'
  readonly provider: string
  readonly modelId: string
  readonly maxEmbeddingsPerCall: number
  private readonly model: ReturnType<ReturnType<typeof createSdkProvider>['embeddingModel']>
  private readonly dimensions: number | undefined

  constructor(modelId: string, settings: OpenAICompatibleSettings, options: OpenAICompatibleEmbeddingOptions = {}) {
    this.modelId = modelId
    this.provider = settings.name ?? DEFAULT_PROVIDER_NAME
    this.maxEmbeddingsPerCall = options.maxEmbeddingsPerCall ?? 64
    this.dimensions = options.dimensions
    this.model = createSdkProvider(settings).embeddingModel(modelId)
  }

  async doEmbed(options: EmbedOptions): Promise<{ embeddings: number[][]; usage?: { tokens: number } }> {
    const embeddings: number[][] = []
    let tokens = 0
    try {
      for (let start = 0; start < options.values.length; start += this.maxEmbeddingsPerCall) {
        const result = await embedMany({
          model: this.model,
          values: options.values.slice(start, start + this.maxEmbeddingsPerCall),
          abortSignal: options.abortSignal,
          maxRetries: 0,
          // The SDK keys provider options by the provider name given at creation.
          providerOptions: this.dimensions === undefined ? undefined : { [this.provider]: { dimensions: this.dimensions } },
        })
        embeddings.push(...result.embeddings)
        tokens += result.usage.tokens ?? 0
      }
    } catch (error) {
      if (options.abortSignal?.aborted) throw options.abortSignal.reason
      throw mapOpenAICompatibleError(error, { provider: this.provider, modelId: this.modelId })
    }
    return { embeddings, usage: { tokens } }
  }
}
