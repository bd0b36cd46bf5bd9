/**
 * A `LanguageModel` wrapper that redacts every message before it reaches the provider and restores
 * the placeholders in the reply, streamed or not.
 */
import type { ChatMessage, GenerateOptions, GenerateResult, LanguageModel, ModelSpecificationVersion, StreamPart } from '../providers/model-types.js'
import type { Redactor } from './redactor.js'

/** Redacts the content of each message with one conversation's redactor. */
export function redactMessages(redactor: Redactor, messages: readonly ChatMessage[]): ChatMessage[] {
  return messages.map((message) => ({ ...message, content: redactor.redact(message.content) }))
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
      return { ...result, text: redactor.restore(result.text) }
    },

    async doStream(options: GenerateOptions): Promise<AsyncIterable<StreamPart>> {
      const stream = await model.doStream({ ...options, messages: redactMessages(redactor, options.messages) })
      return {
        async *[Symbol.asyncIterator]() {
          const restorer = redactor.createStreamRestorer()
          for await (const part of stream) {
            if (part.type === 'text-delta') {
              const text = restorer.push(part.text)
              if (text !== '') yield { type: 'text-delta', text }
            } else {
              const rest = restorer.flush()
              if (rest !== '') yield { type: 'text-delta', text: rest }
              yield part
            }
          }
          // A stream that ended without a finish part still hands back what was held.
          const rest = restorer.flush()
          if (rest !== '') yield { type: 'text-delta', text: rest }
        },
      }
    },
  }
}
