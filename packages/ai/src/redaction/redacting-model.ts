/**
 * A `LanguageModel` wrapper that redacts every message before it reaches the provider and restores
 * the placeholders in the reply, streamed or not.
 */
import type { ChatMessage, GenerateOptions, GenerateResult, LanguageModel, ModelSpecificationVersion, StreamPart } from '../providers/model-types.js'
import type { Redactor } from './redactor.js'
import type { StreamRestorer } from './stream-restorer.js'

/** Redacts the content of each message with one conversation's redactor. */
export function redactMessages(redactor: Redactor, messages: readonly ChatMessage[]): ChatMessage[] {
  return messages.map((message) => ({
    ...message,
    content: redactor.redact(message.content),
    ...(message.toolCalls ? { toolCalls: message.toolCalls.map((call) => ({ ...call, input: redactor.redact(call.input) })) } : {}),
  }))
}

/**
 * Wraps `model` so the provider only ever sees placeholders, and the caller only ever sees the
 * original values. Use one redactor per conversation (so placeholders stay stable across turns);
 * the wrapper is cheap, make one per reply.
 *
 * In a stream, text that could be the start of a placeholder is held back until it is complete
 * (see `createStreamRestorer`), and released before the `finish` part.
 *
 * @example
 * ```ts
 * const redactor = new Redactor(bot.redaction, conversation.redactorState)
 * const model = createRedactingModel(resilientModel, redactor)
 * const stream = await model.doStream({ messages }) // the provider sees [PHONE_1], the user 138…
 * ```
 */
export function createRedactingModel(model: LanguageModel, redactor: Redactor): LanguageModel {
  return {
    specificationVersion: 'warbler-v1' as ModelSpecificationVersion,
    provider: model.provider,
    modelId: model.modelId,

    async doGenerate(options: GenerateOptions): Promise<GenerateResult> {
      const result = await model.doGenerate({ ...options, messages: redactMessages(redactor, options.messages) })
      return {
        ...result,
        text: redactor.restore(result.text),
        ...(result.toolCalls ? { toolCalls: result.toolCalls.map((call) => ({ ...call, input: redactor.restore(call.input) })) } : {}),
      }
    },

    async doStream(options: GenerateOptions): Promise<AsyncIterable<StreamPart>> {
      const stream = await model.doStream({ ...options, messages: redactMessages(redactor, options.messages) })
      return { [Symbol.asyncIterator]: () => new RestoringParts(stream[Symbol.asyncIterator](), redactor.createStreamRestorer(), (text) => redactor.restore(text)) }
    },
  }
}

/**
 * The parts of a stream with placeholders restored in its text: held-back text is released before
 * any other part and at the end. A hand-written iterator rather than an async generator, which
 * would add promises on every token; a text part whose text is unchanged is passed on as it is.
 */
class RestoringParts implements AsyncIterator<StreamPart> {
  /** A part that waits behind the released text. */
  private held: StreamPart | undefined
  private ended = false

  constructor(
    private readonly source: AsyncIterator<StreamPart>,
    private readonly restorer: StreamRestorer,
    private readonly restoreWhole: (text: string) => string,
  ) {}

  async next(): Promise<IteratorResult<StreamPart>> {
    const held = this.held
    if (held !== undefined) {
      this.held = undefined
      return { done: false, value: held }
    }
    while (!this.ended) {
      const next = await this.source.next()
      if (next.done) {
        // A stream that ended without a finish part still hands back what was held.
        this.ended = true
        const rest = this.restorer.flush()
        if (rest !== '') return { done: false, value: { type: 'text-delta', text: rest } }
        break
      }
      const next_ = next.value
      // A tool gets the real values: the model only saw placeholders in its arguments.
      const part: StreamPart = next_.type === 'tool-call' ? { ...next_, input: this.restoreWhole(next_.input) } : next_
      if (part.type === 'text-delta') {
        const text = this.restorer.push(part.text)
        if (text !== '') return { done: false, value: text === part.text ? part : { type: 'text-delta', text } }
      } else {
        const rest = this.restorer.flush()
        if (rest === '') return { done: false, value: part }
        this.held = part
        return { done: false, value: { type: 'text-delta', text: rest } }
      }
    }
    return { done: true, value: undefined }
  }

  async return(): Promise<IteratorResult<StreamPart>> {
    this.ended = true
    this.held = undefined
    await this.source.return?.()
    return { done: true, value: undefined }
  }
}
