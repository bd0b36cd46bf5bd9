/**
 * A Warbler `LanguageModel` for any endpoint speaking OpenAI's `/chat/completions`, on the AI SDK
 * (`ai@6` + `@ai-sdk/openai-compatible`).
 */
import { generateText, streamText, type FinishReason as SdkFinishReason, type LanguageModelUsage } from 'ai'
import type {
  FinishReason,
  GenerateOptions,
  GenerateResult,
  LanguageModel,
  ModelSpecificationVersion,
  StreamPart,
  TokenUsage,
} from '../model-types.js'
import { mapOpenAICompatibleError } from './map-openai-compatible-error.js'
import { createSdkProvider, DEFAULT_PROVIDER_NAME, type OpenAICompatibleSettings } from './openai-compatible-settings.js'

type SdkChatModel = ReturnType<ReturnType<typeof createSdkProvider>['chatModel']>

/** Usage as Warbler records it; numbers the provider did not report count as 0. */
function toTokenUsage(usage: LanguageModelUsage | undefined): TokenUsage {
  const inputTokens = usage?.inputTokens ?? 0
  const outputTokens = usage?.outputTokens ?? 0
  return { inputTokens, outputTokens, totalTokens: usage?.totalTokens ?? inputTokens + outputTokens }
}

function toFinishReason(reason: SdkFinishReason | undefined): FinishReason {
  switch (reason) {
    case 'stop':
    case 'length':
    case 'content-filter':
    case 'error':
      return reason
    default:
      return 'other'
  }
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
    try {
      const result = await generateText({
        model: this.model,
        messages: options.messages,
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

  async doStream(options: GenerateOptions): Promise<AsyncIterable<StreamPart>> {
    const result = streamText({
      model: this.model,
      messages: options.messages,
      allowSystemInMessages: true,
      temperature: options.temperature,
      maxOutputTokens: options.maxOutputTokens,
      abortSignal: options.abortSignal,
      maxRetries: 0,
      // Errors are thrown to our caller below; the SDK's default would also log them.
      onError: () => {},
    })
    const parts = this.translate(result.fullStream, options.abortSignal)[Symbol.asyncIterator]()
    // Wait for the first part so a refused request (401, 429...) rejects here, before the caller
    // has shown anything, and a retry or fallback is still invisible.
    const first = await parts.next()
    return {
      async *[Symbol.asyncIterator]() {
        try {
          if (first.done) return
          yield first.value
          for (let next = await parts.next(); !next.done; next = await parts.next()) yield next.value
        } finally {
          // A consumer that stops early releases the SDK stream (and with it the HTTP response).
          await parts.return?.(undefined)
        }
      },
    }
  }

  private async *translate(stream: AsyncIterable<{ type: string } & Record<string, any>>, abortSignal: AbortSignal | undefined): AsyncGenerator<StreamPart> {
    let finished = false
    try {
      for await (const part of stream) {
        if (part.type === 'text-delta' && part.text !== '') yield { type: 'text-delta', text: part.text as string }
        else if (part.type === 'error') this.fail(part.error, abortSignal)
        else if (part.type === 'abort') this.fail(new Error('aborted'), abortSignal)
        else if (part.type === 'finish') {
          finished = true
          yield { type: 'finish', usage: toTokenUsage(part.totalUsage), finishReason: toFinishReason(part.finishReason) }
        }
      }
    } catch (error) {
      this.fail(error, abortSignal)
    }
    if (!finished) this.fail(new Error('the stream ended without a finish event'), abortSignal)
  }
}
