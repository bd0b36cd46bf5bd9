import type { ChatMessage, FinishReason, LanguageModel, ModelTool, ModelToolCall, StreamPart, TokenUsage } from '../providers/model-types.js'

/** Most tool rounds in one reply; after them the model must answer in text. */
export const MAX_TOOL_ROUNDS = 5

/** Options of {@link runToolLoop}. */
export interface ToolLoopOptions {
  model: LanguageModel
  messages: ChatMessage[]
  tools: ModelTool[]
  /**
   * Runs one call and returns what the model reads as its result. It should not throw: a failure
   * becomes an honest text (what went wrong), so the model can tell the user.
   */
  execute: (call: ModelToolCall, round: number) => Promise<string>
  /** Default {@link MAX_TOOL_ROUNDS}. */
  maxRounds?: number
  abortSignal?: AbortSignal
  temperature?: number
  maxOutputTokens?: number
}

const add = (total: TokenUsage, usage: TokenUsage): TokenUsage => ({
  inputTokens: total.inputTokens + usage.inputTokens,
  outputTokens: total.outputTokens + usage.outputTokens,
  totalTokens: total.totalTokens + usage.totalTokens,
})

/**
 * A streamed reply with tools: the model streams; when it asks for tools they run (in order) and
 * their results go back as tool turns, at most `maxRounds` times; then the model is called with
 * `toolChoice: 'none'` and must answer in text (tool calls it still makes are dropped). The
 * caller sees one stream: the text deltas of every round and one `finish` part with the usage
 * of all rounds added up, so it can replace `model.doStream` as it is.
 *
 * @example
 * ```ts
 * for await (const part of runToolLoop({ model, messages, tools, execute: (call) => runTool(call) })) {
 *   if (part.type === 'text-delta') show(part.text)
 * }
 * ```
 */
export async function* runToolLoop(options: ToolLoopOptions): AsyncGenerator<StreamPart, void, undefined> {
  const maxRounds = options.maxRounds ?? MAX_TOOL_ROUNDS
  const messages = [...options.messages]
  let usage: TokenUsage = { inputTokens: 0, outputTokens: 0, totalTokens: 0 }
  let finishReason: FinishReason = 'stop'
  for (let round = 1; round <= maxRounds + 1; round++) {
    const lastChance = round > maxRounds
    const stream = await options.model.doStream({
      messages,
      tools: options.tools,
      ...(lastChance ? { toolChoice: 'none' as const } : {}),
      ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
      ...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
      ...(options.maxOutputTokens !== undefined ? { maxOutputTokens: options.maxOutputTokens } : {}),
    })
    let text = ''
    const calls: ModelToolCall[] = []
    for await (const part of stream) {
      if (part.type === 'text-delta') {
        text += part.text
        yield part
      } else if (part.type === 'tool-call') {
        if (!lastChance) calls.push({ toolCallId: part.toolCallId, toolName: part.toolName, input: part.input })
      } else {
        usage = add(usage, part.usage)
        finishReason = part.finishReason
      }
    }
    if (calls.length === 0) break
    messages.push({ role: 'assistant', content: text, toolCalls: calls })
    for (const call of calls) {
      const result = await options.execute(call, round)
      messages.push({ role: 'tool', content: result, toolCallId: call.toolCallId, toolName: call.toolName })
    }
    if (text !== '') yield { type: 'text-delta', text: '\n\n' }
  }
  yield { type: 'finish', usage, finishReason: finishReason === 'tool-calls' ? 'stop' : finishReason }
}
