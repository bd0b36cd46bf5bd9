import type { ChatMessage, LanguageModel, ModelTool, ModelToolCall, StreamPart } from '@warbler/ai'
import { runToolLoop } from '@warbler/ai/tools'
import type { HandoffReason } from '../storage/support-store.js'

const REASONS: readonly HandoffReason[] = ['customer_request', 'missing_knowledge', 'tool_failure', 'policy', 'other']

/** The tool a model-backed bot calls to hand the conversation to a person. */
export const HANDOFF_TOOL: ModelTool = {
  name: 'handoff',
  description:
    'Hand this conversation to a human agent: when the user asks for a person, when you cannot help from your sources, when a tool failed, or when policy needs a person. ' +
    'Give the agent a short summary of the case. After calling it, tell the user in one sentence, in their language, that a person will take over.',
  parameters: {
    type: 'object',
    properties: {
      reason: { type: 'string', enum: [...REASONS], description: 'Why a person is needed.' },
      summary: { type: 'string', description: 'What the user needs and what was tried, for the agent (one to three sentences).' },
    },
    required: ['summary'],
    additionalProperties: false,
  },
}

/** One reply of a model-backed bot, as bot-reply asks for it. */
export interface HandoffReplyRequest {
  appId: string
  conversationId: string
  model: LanguageModel
  messages: ChatMessage[]
  abortSignal?: AbortSignal
  temperature?: number
  maxOutputTokens?: number
}

/** Reads the model's arguments; a bad reason becomes `other`, a missing summary an empty one. */
export function handoffArguments(input: string): { reason: HandoffReason; summary: string } {
  let parsed: { reason?: unknown; summary?: unknown } = {}
  try {
    const value: unknown = input.trim() === '' ? {} : JSON.parse(input)
    if (typeof value === 'object' && value !== null) parsed = value as typeof parsed
  } catch {
    // a model that wrote no JSON still hands off
  }
  const reason = REASONS.includes(parsed.reason as HandoffReason) ? (parsed.reason as HandoffReason) : 'other'
  return { reason, summary: typeof parsed.summary === 'string' ? parsed.summary.slice(0, 4000) : '' }
}

/** The `handoff` tool with what runs when the model calls it (also offered beside a bot's own tools). */
export function handoffTool(handoff: (reason: HandoffReason, summary: string) => Promise<void>): { tool: ModelTool; execute(call: ModelToolCall): Promise<string> } {
  return {
    tool: HANDOFF_TOOL,
    async execute(call) {
      if (call.toolName !== HANDOFF_TOOL.name) return `There is no tool named ${call.toolName}.`
      const { reason, summary } = handoffArguments(call.input)
      await handoff(reason, summary)
      return 'The conversation is now queued for a human agent, who will see the history and your summary. Tell the user briefly that a person will take over.'
    },
  }
}

/**
 * The reply stream of a model-backed bot offered the `handoff` tool (one tool round): when the model
 * calls it, `handoff` runs with its reason and summary, and the model then words the reply.
 */
export function handoffReplyStream(
  request: HandoffReplyRequest,
  handoff: (reason: HandoffReason, summary: string) => Promise<void>,
): AsyncIterable<StreamPart> {
  const builtIn = handoffTool(handoff)
  return runToolLoop({
    model: request.model,
    messages: request.messages,
    tools: [builtIn.tool],
    maxRounds: 1,
    execute: (call) => builtIn.execute(call),
    ...(request.abortSignal ? { abortSignal: request.abortSignal } : {}),
    ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
    ...(request.maxOutputTokens !== undefined ? { maxOutputTokens: request.maxOutputTokens } : {}),
  })
}
