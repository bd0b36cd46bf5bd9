/**
 * The narrow model interfaces Warbler's AI code depends on. Providers implement them; callers go
 * through wrappers (retry, fallback, redaction, usage accounting), never the `do*` methods directly.
 * No runtime code lives here.
 */

/** The version of this specification; bumped when a method changes shape. */
export type ModelSpecificationVersion = 'warbler-v1'

/** One chat turn. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant'
  content: string
}

/** Token counts as the provider reported them. */
export interface TokenUsage {
  inputTokens: number
  outputTokens: number
  totalTokens: number
}

/** Options of one generation. */
export interface GenerateOptions {
  messages: ChatMessage[]
  temperature?: number
  maxOutputTokens?: number
  abortSignal?: AbortSignal
}

/** Why a generation stopped. */
export type FinishReason = 'stop' | 'length' | 'content-filter' | 'error' | 'other'

/** The result of a non-streaming generation. */
export interface GenerateResult {
  text: string
  usage: TokenUsage
  finishReason: FinishReason
}

/** One part of a streamed generation. */
export type StreamPart =
  | { type: 'text-delta'; text: string }
  | { type: 'finish'; usage: TokenUsage; finishReason: FinishReason }

/** A chat model. */
export interface LanguageModel {
  readonly specificationVersion: ModelSpecificationVersion
  /** Provider name, for logs and usage records (e.g. `openai-compatible`). */
  readonly provider: string
  readonly modelId: string
  doGenerate(options: GenerateOptions): Promise<GenerateResult>
  /** Streams text deltas, ending with one `finish` part. Rejects or throws inside the iterator on failure. */
  doStream(options: GenerateOptions): Promise<AsyncIterable<StreamPart>>
}

/** Options of one embedding call. */
export interface EmbedOptions {
  values: string[]
  abortSignal?: AbortSignal
}

/** An embedding model. */
export interface EmbeddingModel {
  readonly specificationVersion: ModelSpecificationVersion
  readonly provider: string
  readonly modelId: string
  /** The most values one `doEmbed` call accepts. */
  readonly maxEmbeddingsPerCall: number
  doEmbed(options: EmbedOptions): Promise<{ embeddings: number[][]; usage?: { tokens: number } }>
}
