/**
 * One entry point for an OpenAI-compatible endpoint: its chat and embedding models.
 */
import { OpenAICompatibleEmbeddingModel, type OpenAICompatibleEmbeddingOptions } from './openai-compatible-embedding-model.js'
import { OpenAICompatibleLanguageModel } from './openai-compatible-language-model.js'
import type { OpenAICompatibleSettings } from './openai-compatible-settings.js'

/** The models of one OpenAI-compatible endpoint. */
export interface OpenAICompatibleProvider {
  /** A chat model, e.g. `deepseek-chat`, `qwen-plus`, `glm-4-flash`. */
  languageModel(modelId: string): OpenAICompatibleLanguageModel
  /** An embedding model, e.g. `text-embedding-3-small`, `text-embedding-v4`, `BAAI/bge-m3`. */
  embeddingModel(modelId: string, options?: OpenAICompatibleEmbeddingOptions): OpenAICompatibleEmbeddingModel
}

/**
 * Creates the models of one OpenAI-compatible endpoint.
 *
 * @example
 * ```ts
 * const qwen = createOpenAICompatibleProvider({
 *   name: 'qwen', baseURL: 'https://dashscope.aliyuncs.com/compatible-mode/v1', apiKey: process.env.DASHSCOPE_API_KEY,
 * })
 * const chat = qwen.languageModel('qwen-plus')
 * const embedder = qwen.embeddingModel('text-embedding-v4', { maxEmbeddingsPerCall: 10 })
 * ```
 */
export function createOpenAICompatibleProvider(settings: OpenAICompatibleSettings): OpenAICompatibleProvider {
  return {
    languageModel: (modelId) => new OpenAICompatibleLanguageModel(modelId, settings),
    embeddingModel: (modelId, options) => new OpenAICompatibleEmbeddingModel(modelId, settings, options),
  }
}
