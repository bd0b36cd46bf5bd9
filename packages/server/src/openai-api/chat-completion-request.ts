import type { ChatMessage } from '@warbler/ai'
import { WarblerError } from '@warbler/protocol'
import { z } from 'zod'

const Content = z.union([z.string(), z.array(z.object({ type: z.string(), text: z.string().optional() }).passthrough()), z.null()])

/** The part of OpenAI's chat completion request Warbler honours; other fields are ignored. */
export const ChatCompletionRequest = z
  .object({
    model: z.string().min(1).max(64),
    messages: z.array(z.object({ role: z.string(), content: Content.optional() }).passthrough()).min(1).max(500),
    stream: z.boolean().nullish(),
    stream_options: z.object({ include_usage: z.boolean().optional() }).passthrough().nullish(),
    temperature: z.number().min(0).max(2).nullish(),
    max_tokens: z.number().int().positive().nullish(),
    max_completion_tokens: z.number().int().positive().nullish(),
    user: z.string().max(128).nullish(),
  })
  .passthrough()
/** A parsed request. */
export type ChatCompletionRequest = z.infer<typeof ChatCompletionRequest>

/** Parses a request body; `validation_failed` names the first problem. */
export function parseChatCompletionRequest(body: unknown): ChatCompletionRequest {
  const result = ChatCompletionRequest.safeParse(body ?? {})
  if (result.success) return result.data
  const issue = result.error.issues[0]
  throw new WarblerError('validation_failed', `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`)
}

/** The client's turns as Warbler chat messages (`developer` counts as `system`; tool turns are dropped). */
export function toChatMessages(request: ChatCompletionRequest): ChatMessage[] {
  const messages: ChatMessage[] = []
  for (const message of request.messages) {
    const role = message.role === 'developer' ? 'system' : message.role
    if (role !== 'system' && role !== 'user' && role !== 'assistant') continue
    const content = typeof message.content === 'string' ? message.content : (message.content ?? []).map((part) => part.text ?? '').join('')
    messages.push({ role, content })
  }
  if (!messages.some((message) => message.role === 'user')) throw new WarblerError('validation_failed', 'messages: send at least one user message.')
  return messages
}
