/**
 * The narrow model interfaces Warbler's AI code depends on. Providers implement them; callers go
 * through wrappers (retry, fallback, redaction, usage accounting), never the `do*` methods directly.
 * No runtime code lives here.
 */

/** The version of this specification; bumped when a method changes shape. */
export type ModelSpecificationVersion = 'warbler-v1'

/** A tool call the model asked for: `input` is the JSON text of its arguments. */
export interface ModelToolCall {
  toolCallId: string
  toolName: string
  input: string
}

/**
 * One chat turn. An assistant turn may carry the tool calls it asked for; a `tool` turn answers
 * one of them (`toolCallId`, `toolName`) with the result as text.
 */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant' | 'tool'
  content: string
  /** On an assistant turn: the tool calls the model made in it. */
  toolCalls?: ModelToolCall[]
  /** On a tool turn: the call it answers. */
  toolCallId?: string
  /** On a tool turn: the tool's name. */
  toolName?: string
}

/** A tool the model may call: its arguments described by a JSON Schema object. */
export interface ModelTool {
  name: string
  description: string
  parameters: Record<string, unknown>
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
  /** Tools the model may call (none: a plain text answer). */
  tools?: ModelTool[]
  /** `none` forbids tool calls even when tools are listed (default `auto`). */
  toolChoice?: 'auto' | 'none'
}

/** Why a generation stopped. */
export type FinishReason = 'stop' | 'length' | 'content-filter' | 'tool-calls' | 'error' | 'other'

/** The result of a non-streaming generation. */
export interface GenerateResult {
  text: string
  usage: TokenUsage
  finishReason: FinishReason
  /** The tool calls the model made (only when tools were offered). */
  toolCalls?: ModelToolCall[]
}

/** One part of a streamed generation. */
export type StreamPart =
  | { type: 'text-delta'; text: string }
  | ({ type: 'tool-call' } & ModelToolCall)
  | { type: 'finish'; usage: TokenUsage; finishReason: FinishReason }

/** A chat model. */
export interface LanguageModel {
  readonly specificationVersion: ModelSpecificationVersion
  /** Provider name, for logs and usage records (e.g. `openai-compatible`). */
  readonly provider: string
  readonly modelId: string
  doGenerate(options: GenerateOptions): Promise<GenerateResult>
  /** Streams text deltas (and `tool-call` parts when tools are offered), ending with one `finish` part. Rejects or throws inside the iterator on failure. */
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
