/**
 * An in-memory `EmbeddingModel` with the fake server's deterministic embeddings, for tests of
 * retrieval code that need vectors without HTTP.
 */
import type { EmbedOptions, EmbeddingModel, ModelSpecificationVersion } from '../providers/model-types.js'
import { fakeEmbedding } from './fake-embedding.js'
import { countTokens } from './fake-tokenizer.js'

/**
 * Embeds with a hashed bag of character n-grams: deterministic, and similar texts are near.
 *
 * @example
 * ```ts
 * const embedder = new FakeEmbeddingModel({ dimensions: 64 })
 * const { embeddings } = await embedder.doEmbed({ values: ['退款政策', '退款的政策'] })
 * ```
 */
export class FakeEmbeddingModel implements EmbeddingModel {
  readonly specificationVersion: ModelSpecificationVersion = 'warbler-v1'
  readonly provider = 'fake'
  readonly modelId: string
  readonly maxEmbeddingsPerCall: number
  private readonly dimensions: number
  /** The values of every call, oldest first. */
  readonly calls: string[][] = []

  constructor(options: { modelId?: string; dimensions?: number; maxEmbeddingsPerCall?: number } = {}) {
    this.modelId = options.modelId ?? 'fake-embedding'
    this.dimensions = options.dimensions ?? 256
    this.maxEmbeddingsPerCall = options.maxEmbeddingsPerCall ?? 64
  }

  async doEmbed(options: EmbedOptions): Promise<{ embeddings: number[][]; usage: { tokens: number } }> {
    if (options.abortSignal?.aborted) throw options.abortSignal.reason
    this.calls.push([...options.values])
    return {
      embeddings: options.values.map((value) => fakeEmbedding(value, this.dimensions)),
      usage: { tokens: options.values.reduce((sum, value) => sum + countTokens(value), 0) },
    }
  }
}
