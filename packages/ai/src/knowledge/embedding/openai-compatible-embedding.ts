import { WarblerError } from '@warbler/protocol'
import { AddressPolicy } from '../../net/address-policy.js'
import { createGuardedFetch, type GuardedFetch } from '../../net/guarded-fetch.js'
import type { EmbeddingModel, EmbedOptions } from '../../providers/model-types.js'

/** Settings of an OpenAI-compatible embeddings endpoint. */
export interface OpenAICompatibleEmbeddingSettings {
  /** Base URL up to and including `/v1` (e.g. `https://api.openai.com/v1`, `http://localhost:11434/v1`). */
  baseUrl: string
  apiKey?: string
  model: string
  /** Values per request (default 64). */
  maxEmbeddingsPerCall?: number
  /** Request timeout in ms (default 30 s). */
  timeoutMs?: number
  /** Asks the server for this many dimensions (OpenAI text-embedding-3 and compatible). */
  dimensions?: number
  /**
   * Where requests may go, checked by the guarded client on every hop. Default: the base URL's own
   * host is trusted (the operator configured it), anything a redirect leads to must be public.
   */
  outbound?: AddressPolicy
}

/** Most bytes of one embeddings answer (64 values × 3072 floats as JSON fit easily). */
const MAX_EMBEDDING_RESPONSE_BYTES = 32 * 1024 * 1024

/**
 * An {@link EmbeddingModel} over the guarded client (`net/`) speaking the OpenAI `/v1/embeddings` wire format,
 * which OpenAI, Qwen (DashScope), Zhipu, SiliconFlow, Ollama and vLLM all accept.
 *
 * @example
 * ```ts
 * const model = new OpenAICompatibleEmbeddingModel({ baseUrl: 'http://localhost:11434/v1', model: 'bge-m3' })
 * const { embeddings } = await model.doEmbed({ values: ['你好'] })
 * ```
 */
export class OpenAICompatibleEmbeddingModel implements EmbeddingModel {
  readonly specificationVersion = 'warbler-v1' as const
  readonly provider = 'openai-compatible'
  readonly modelId: string
  readonly maxEmbeddingsPerCall: number
  private readonly fetch: GuardedFetch

  constructor(private readonly settings: OpenAICompatibleEmbeddingSettings) {
    this.modelId = settings.model
    this.maxEmbeddingsPerCall = settings.maxEmbeddingsPerCall ?? 64
    let host: string
    try {
      host = new URL(settings.baseUrl).hostname
    } catch {
      throw new WarblerError('validation_failed', `The embedding base URL is not a URL: ${settings.baseUrl.slice(0, 200)}`)
    }
    this.fetch = createGuardedFetch({
      policy: settings.outbound ?? new AddressPolicy([host]),
      timeoutMs: settings.timeoutMs ?? 30_000,
      maxResponseBytes: MAX_EMBEDDING_RESPONSE_BYTES,
    })
  }

  async doEmbed(options: EmbedOptions): Promise<{ embeddings: number[][]; usage?: { tokens: number } }> {
    let response: Response
    try {
      response = await this.fetch(`${this.settings.baseUrl.replace(/\/+$/, '')}/embeddings`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(this.settings.apiKey ? { authorization: `Bearer ${this.settings.apiKey}` } : {}),
        },
        body: JSON.stringify({
          model: this.settings.model,
          input: options.values,
          encoding_format: 'float',
          ...(this.settings.dimensions ? { dimensions: this.settings.dimensions } : {}),
        }),
        ...(options.abortSignal ? { signal: options.abortSignal } : {}),
      })
    } catch (error) {
      if (WarblerError.isInstance(error) && error.code !== 'upstream_failed') throw error
      if (options.abortSignal?.aborted) throw error
      throw new WarblerError('upstream_failed', `The embedding request failed: ${(error as Error).message}`, { cause: error })
    }
    if (!response.ok) {
      const detail = (await response.text().catch(() => '')).slice(0, 300)
      throw new WarblerError('upstream_failed', `The embedding endpoint answered HTTP ${response.status}: ${detail}`)
    }
    const body = (await response.json()) as { data?: { index?: number; embedding?: unknown }[]; usage?: { prompt_tokens?: number; total_tokens?: number } }
    const data = body.data
    if (!Array.isArray(data) || data.length !== options.values.length || data.some((item) => !Array.isArray(item.embedding))) {
      throw new WarblerError('upstream_failed', 'The embedding endpoint answered with an unexpected body.')
    }
    const embeddings = [...data].sort((a, b) => (a.index ?? 0) - (b.index ?? 0)).map((item) => item.embedding as number[])
    const tokens = body.usage?.total_tokens ?? body.usage?.prompt_tokens
    return tokens === undefined ? { embeddings } : { embeddings, usage: { tokens } }
  }
}
