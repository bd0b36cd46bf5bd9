/**
 * Reading the AI SDK chat model's own stream (`LanguageModelV3.doStream`) as Warbler stream parts.
 * `streamText` would add a dozen web-stream hops, a tee and step bookkeeping on every token, for
 * tools and multi-step calls Warbler does not use; the provider's stream is the same HTTP request,
 * SSE parsing and zod validation of every chunk without them.
 */
import type { createSdkProvider } from './openai-compatible-settings.js'
import type { ChatMessage, FinishReason, GenerateOptions, StreamPart, TokenUsage } from '../model-types.js'

type SdkChatModel = ReturnType<ReturnType<typeof createSdkProvider>['chatModel']>
type SdkCallOptions = Parameters<SdkChatModel['doStream']>[0]
type SdkStreamPart = Awaited<ReturnType<SdkChatModel['doStream']>>['stream'] extends ReadableStream<infer Part> ? Part : never
type SdkFinishPart = Extract<SdkStreamPart, { type: 'finish' }>
type JSONSchema7 = Extract<NonNullable<SdkCallOptions['tools']>[number], { type: 'function' }>['inputSchema']

/**
 * The call options `streamText` would build from Warbler's options: the messages as the SDK's
 * prompt (a string turn becomes one text part), with `streamText`'s checks of the settings.
 * Throws (a plain `Error`, as `streamText` reported them) for an empty prompt or a
 * `maxOutputTokens` that is not a positive integer.
 */
export function toSdkCallOptions(options: GenerateOptions): SdkCallOptions {
  if (options.messages.length === 0) throw new Error('messages must not be empty')
  const { maxOutputTokens } = options
  if (maxOutputTokens !== undefined && !(Number.isInteger(maxOutputTokens) && maxOutputTokens >= 1)) {
    throw new Error(`maxOutputTokens must be an integer >= 1, got ${maxOutputTokens}`)
  }
  return {
    prompt: options.messages.map(toSdkMessage),
    temperature: options.temperature,
    maxOutputTokens,
    abortSignal: options.abortSignal,
    includeRawChunks: false,
    ...(options.tools && options.tools.length > 0
      ? {
          tools: options.tools.map((tool) => ({ type: 'function' as const, name: tool.name, description: tool.description, inputSchema: tool.parameters as JSONSchema7 })),
          toolChoice: { type: options.toolChoice ?? 'auto' },
        }
      : {}),
  }
}

/** A tool call's JSON text as the SDK's prompt wants it (an object; text that is not JSON stays text). */
function parsedInput(input: string): unknown {
  try {
    return JSON.parse(input)
  } catch {
    return input
  }
}

function toSdkMessage(message: ChatMessage): SdkCallOptions['prompt'][number] {
  if (message.role === 'system') return { role: 'system', content: message.content }
  if (message.role === 'tool') {
    return {
      role: 'tool',
      content: [{ type: 'tool-result', toolCallId: message.toolCallId ?? '', toolName: message.toolName ?? '', output: { type: 'text', value: message.content } }],
    }
  }
  if (message.role === 'assistant' && message.toolCalls && message.toolCalls.length > 0) {
    return {
      role: 'assistant',
      content: [
        ...(message.content !== '' ? [{ type: 'text' as const, text: message.content }] : []),
        ...message.toolCalls.map((call) => ({ type: 'tool-call' as const, toolCallId: call.toolCallId, toolName: call.toolName, input: parsedInput(call.input) })),
      ],
    }
  }
  return { role: message.role, content: [{ type: 'text', text: message.content }] }
}

/** A provider's finish reason as Warbler names it (anything it does not know is `other`); streaming and not. */
export function toFinishReason(reason: string | undefined): FinishReason {
  switch (reason) {
    case 'stop':
    case 'length':
    case 'content-filter':
    case 'tool-calls':
    case 'error':
      return reason
    default:
      return 'other'
  }
}

/** Usage as Warbler records it; numbers the provider did not report count as 0. */
function toTokenUsage(usage: SdkFinishPart['usage']): TokenUsage {
  const inputTokens = usage.inputTokens.total ?? 0
  const outputTokens = usage.outputTokens.total ?? 0
  return { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens }
}

/**
 * Text deltas (empty ones skipped), complete tool calls and the closing `finish` part of one SDK stream; reasoning and
 * metadata parts are dropped. An `error` part, a failing read or an end without `finish` go to
 * `fail`, which throws (the stream is cancelled first). `return()` cancels the stream, which ends
 * the HTTP response.
 */
export class SdkStreamParts implements AsyncIterator<StreamPart> {
  private finished = false
  private closed = false

  constructor(
    private readonly reader: ReadableStreamDefaultReader<SdkStreamPart>,
    private readonly fail: (error: unknown) => never,
  ) {}

  async next(): Promise<IteratorResult<StreamPart>> {
    while (!this.closed) {
      let read: Awaited<ReturnType<typeof this.reader.read>>
      try {
        read = await this.reader.read()
      } catch (error) {
        this.closed = true
        this.fail(error)
      }
      if (read.done) {
        this.closed = true
        if (!this.finished) this.fail(new Error('the stream ended without a finish event'))
        break
      }
      const part = read.value
      if (part.type === 'text-delta') {
        if (part.delta !== '') return { done: false, value: { type: 'text-delta', text: part.delta } }
      } else if (part.type === 'tool-call') {
        return { done: false, value: { type: 'tool-call', toolCallId: part.toolCallId, toolName: part.toolName, input: part.input } }
      } else if (part.type === 'finish') {
        this.finished = true
        return { done: false, value: { type: 'finish', usage: toTokenUsage(part.usage), finishReason: toFinishReason(part.finishReason.unified) } }
      } else if (part.type === 'error') {
        await this.cancel()
        this.fail(part.error)
      }
    }
    return { done: true, value: undefined }
  }

  async return(): Promise<IteratorResult<StreamPart>> {
    await this.cancel()
    return { done: true, value: undefined }
  }

  private async cancel(): Promise<void> {
    if (this.closed) return
    this.closed = true
    await this.reader.cancel().catch(() => {})
  }
}
