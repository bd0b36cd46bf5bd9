/**
 * A Warbler `LanguageModel` for any endpoint speaking OpenAI's `/chat/completions`, on the AI SDK
 * (`ai@6` + `@ai-sdk/openai-compatible`).
 */
import { generateText, type LanguageModelUsage } from 'ai'
import type {
  ChatMessage,
  GenerateOptions,
  GenerateResult,
  LanguageModel,
  ModelSpecificationVersion,
  ModelToolCall,
  StreamPart,
  TokenUsage,
} from '../model-types.js'
import { resumeAfterFirst } from '../resume-after-first.js'
import { mapOpenAICompatibleError } from './map-openai-compatible-error.js'
import { SdkStreamParts, toFinishReason, toSdkCallOptions } from './sdk-stream-parts.js'
import { createSdkProvider, DEFAULT_PROVIDER_NAME, type OpenAICompatibleSettings } from './openai-compatible-settings.js'

type SdkChatModel = ReturnType<ReturnType<typeof createSdkProvider>['chatModel']>

/** Usage as Warbler records it; numbers the provider did not report count as 0. */
function toTokenUsage(usage: LanguageModelUsage | undefined): TokenUsage {
  const inputTokens = usage?.inputTokens ?? 0
  const outputTokens = usage?.outputTokens ?? 0
  return { inputTokens, outputTokens, totalTokens: usage?.totalTokens ?? inputTokens + outputTokens }
}

type PlainTurn = { role: 'system' | 'user' | 'assistant'; content: string }

/** The turns as plain text turns, or undefined when a tool call or result is among them. */
function plainTurns(messages: readonly ChatMessage[]): PlainTurn[] | undefined {
  const turns: PlainTurn[] = []
  for (const { role, content, toolCalls } of messages) {
    if (role === 'tool' || (toolCalls && toolCalls.length > 0)) return undefined
    turns.push({ role, content })
  }
  return turns
}

/**
 * A chat model behind an OpenAI-compatible API (OpenAI, DeepSeek, Qwen, Moonshot, Zhipu,
 * SiliconFlow, Ollama, vLLM...). It makes exactly one HTTP request per call (no retries: wrap it in
 * `createResilientModel` for those); failures reject with a `WarblerError` whose details say
 * whether a retry may help; cancelling `abortSignal` aborts the request and rejects with the
 * signal's reason.
 *
 * @example
 * ```ts
 * const model = new OpenAICompatibleLanguageModel('deepseek-chat', {
 *   name: 'deepseek', baseURL: 'https://api.deepseek.com/v1', apiKey: process.env.DEEPSEEK_API_KEY,
 * })
 * for await (const part of await model.doStream({ messages: [{ role: 'user', content: '你好' }] })) {
 *   if (part.type === 'text-delta') process.stdout.write(part.text)
 *   else console.log(part.usage)
 * }
 * ```
 */
export class OpenAICompatibleLanguageModel implements LanguageModel {
  readonly specificationVersion: ModelSpecificationVersion = 'warbler-v1'
  readonly provider: string
  readonly modelId: string
  private readonly model: SdkChatModel

  constructor(modelId: string, settings: OpenAICompatibleSettings) {
    this.modelId = modelId
    this.provider = settings.name ?? DEFAULT_PROVIDER_NAME
    this.model = createSdkProvider(settings).chatModel(modelId)
  }

  private fail(error: unknown, abortSignal: AbortSignal | undefined): never {
    // Cancellation belongs to the caller: hand back their reason, not a provider error.
    if (abortSignal?.aborted) throw abortSignal.reason
    throw mapOpenAICompatibleError(error, { provider: this.provider, modelId: this.modelId })
  }

  async doGenerate(options: GenerateOptions): Promise<GenerateResult> {
    const plain = plainTurns(options.messages)
    if ((options.tools && options.tools.length > 0) || plain === undefined) return this.generateWithTools(options)
    try {
      const result = await generateText({
        model: this.model,
        messages: plain,
        // Warbler builds the messages itself; system turns in them are intended, not injected.
        allowSystemInMessages: true,
        temperature: options.temperature,
        maxOutputTokens: options.maxOutputTokens,
        abortSignal: options.abortSignal,
        maxRetries: 0,
      })
      return { text: result.text, usage: toTokenUsage(result.usage), finishReason: toFinishReason(result.finishReason) }
    } catch (error) {
      this.fail(error, options.abortSignal)
    }
  }

  /** One request offering tools or carrying tool turns, on the SDK model itself (`generateText` would want executable tools). */
  private async generateWithTools(options: GenerateOptions): Promise<GenerateResult> {
    try {
      const result = await this.model.doGenerate(toSdkCallOptions(options))
      let text = ''
      const toolCalls: ModelToolCall[] = []
      for (const part of result.content) {
        if (part.type === 'text') text += part.text
        else if (part.type === 'tool-call') toolCalls.push({ toolCallId: part.toolCallId, toolName: part.toolName, input: part.input })
      }
      const inputTokens = result.usage.inputTokens.total ?? 0
      const outputTokens = result.usage.outputTokens.total ?? 0
      return {
        text,
        usage: { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens },
        finishReason: toFinishReason(result.finishReason.unified),
        ...(toolCalls.length > 0 ? { toolCalls } : {}),
      }
    } catch (error) {
      this.fail(error, options.abortSignal)
    }
  }

  async doStream(options: GenerateOptions): Promise<AsyncIterable<StreamPart>> {
    let parts: SdkStreamParts
    try {
      // The SDK model's own stream: same request, SSE parsing and chunk validation as `streamText`,
      // without its per-token stream hops (see sdk-stream-parts.ts).
      const { stream } = await this.model.doStream(toSdkCallOptions(options))
      parts = new SdkStreamParts(stream.getReader(), (error) => this.fail(error, options.abortSignal))
    } catch (error) {
      this.fail(error, options.abortSignal)
    }
    // Wait for the first part so a refused request (401, 429...) or an early error event rejects
    // here, before the caller has shown anything, and a retry or fallback is still invisible. A
    // consumer that stops early releases the SDK stream (and with it the HTTP response).
    return resumeAfterFirst(await parts.next(), parts)
  }
}
