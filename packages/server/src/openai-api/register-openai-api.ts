import { randomUUID } from 'node:crypto'
import { createRedactingModel, Redactor, type StreamPart, type TokenUsage } from '@warbler/ai'
import { WarblerError } from '@warbler/protocol'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { bearerToken } from '../auth/secrets.js'
import { retrieve } from '../bots/bot-reply.js'
import { systemMessage } from '../bots/bot-prompt.js'
import { BOT_TEXTS } from '../bots/bot-texts.js'
import { extractiveAnswer } from '../bots/extractive-answer.js'
import type { ServerContext } from '../server-context.js'
import { parseChatCompletionRequest, toChatMessages } from './chat-completion-request.js'
import { toOpenAiError } from './openai-errors.js'
import { SseStream } from './sse-stream.js'

const ZERO_USAGE: TokenUsage = { inputTokens: 0, outputTokens: 0, totalTokens: 0 }

function toOpenAiUsage(usage: TokenUsage) {
  return { prompt_tokens: usage.inputTokens, completion_tokens: usage.outputTokens, total_tokens: usage.totalTokens }
}

/**
 * The OpenAI-compatible API: `GET /v1/models` (the app's bots) and `POST /v1/chat/completions`
 * (streaming SSE or not), authenticated with the app secret as the bearer token. `model` names a
 * bot: its system prompt, knowledge-base retrieval, redaction and quotas apply; usage is recorded
 * against `user` (or `openai-api`). Errors come in OpenAI's shape.
 *
 * @example
 * ```ts
 * const client = new OpenAI({ baseURL: 'http://127.0.0.1:8080/v1', apiKey: appSecret })
 * await client.chat.completions.create({ model: 'helper', messages: [{ role: 'user', content: 'Hi' }] })
 * ```
 */
export function registerOpenAiApi(fastify: FastifyInstance, context: ServerContext): void {
  void fastify.register(async (scope) => {
    scope.setErrorHandler((error, _request, reply) => {
      const { status, body } = toOpenAiError(error)
      if (status >= 500) context.logger.warn({ err: error }, 'openai-compatible API failed')
      void reply.code(status).send(body)
    })
    const authenticate = async (request: FastifyRequest) => {
      const secret = bearerToken(request.headers.authorization)
      if (!secret) throw new WarblerError('unauthenticated')
      return context.apps.authenticate(secret)
    }

    scope.get('/v1/models', async (request) => {
      const app = await authenticate(request)
      const bots = await context.bots.list(app.id)
      return { object: 'list', data: bots.map((bot) => ({ id: bot.id, object: 'model', created: Math.floor(bot.createdAt / 1000), owned_by: app.id })) }
    })

    scope.post('/v1/chat/completions', async (request, reply) => {
      const app = await authenticate(request)
      const body = parseChatCompletionRequest(request.body)
      const bot = await context.bots.require(app.id, body.model).catch(() => {
        throw new WarblerError('not_found', `The model ${body.model} does not exist: name one of the app's bots.`)
      })
      const clientMessages = toChatMessages(body)
      const question = [...clientMessages].reverse().find((message) => message.role === 'user')!.content
      const userId = body.user ?? 'openai-api'
      const sources = await retrieve(context.knowledge, bot, question, context.logger)
      const id = `chatcmpl-${randomUUID()}`
      const created = Math.floor(Date.now() / 1000)
      const chunk = (delta: Record<string, unknown>, finishReason: string | null) => ({
        id, object: 'chat.completion.chunk', created, model: bot.id, choices: [{ index: 0, delta, finish_reason: finishReason }],
      })
      const model = context.bots.model(bot)

      let parts: AsyncIterable<StreamPart>
      const controller = new AbortController()
      if (!model) {
        const answer = extractiveAnswer(sources, question, { sourceList: true })
        parts = (async function* () {
          yield { type: 'text-delta' as const, text: answer.text }
          yield { type: 'finish' as const, usage: ZERO_USAGE, finishReason: 'stop' as const }
        })()
      } else {
        if (await context.bots.quotas.exceeded(bot, userId)) throw new WarblerError('quota_exceeded', BOT_TEXTS.quotaExceeded)
        const redacting = createRedactingModel(model, new Redactor({ enabled: bot.config.redactPii }))
        const temperature = body.temperature ?? bot.config.temperature
        const maxOutputTokens = body.max_completion_tokens ?? body.max_tokens ?? bot.config.maxOutputTokens
        request.raw.once('close', () => {
          if (!reply.raw.writableEnded) controller.abort(new Error('client went away'))
        })
        // doStream rejects before any byte is written when the provider refuses: a plain JSON error.
        parts = await redacting.doStream({
          messages: [systemMessage(bot.config.systemPrompt, sources), ...clientMessages],
          abortSignal: controller.signal,
          ...(temperature !== undefined ? { temperature } : {}),
          ...(maxOutputTokens !== undefined ? { maxOutputTokens } : {}),
        })
      }

      if (!body.stream) {
        let text = ''
        let usage = ZERO_USAGE
        let finishReason: string = 'stop'
        for await (const part of parts) {
          if (part.type === 'text-delta') text += part.text
          else if (part.type === 'finish') ({ usage, finishReason } = part)
        }
        await context.bots.quotas.record(bot, userId, usage)
        return {
          id, object: 'chat.completion', created, model: bot.id,
          choices: [{ index: 0, message: { role: 'assistant', content: text, refusal: null }, logprobs: null, finish_reason: finishReason === 'content-filter' ? 'content_filter' : finishReason === 'length' ? 'length' : 'stop' }],
          usage: toOpenAiUsage(usage),
        }
      }

      reply.hijack()
      const sse = new SseStream(reply.raw)
      sse.send(chunk({ role: 'assistant', content: '' }, null))
      let usage = ZERO_USAGE
      try {
        for await (const part of parts) {
          if (part.type === 'text-delta') sse.send(chunk({ content: part.text }, null))
          else if (part.type === 'finish') {
            usage = part.usage
            sse.send(chunk({}, part.finishReason === 'length' ? 'length' : part.finishReason === 'content-filter' ? 'content_filter' : 'stop'))
          }
        }
        if (body.stream_options?.include_usage) sse.send({ id, object: 'chat.completion.chunk', created, model: bot.id, choices: [], usage: toOpenAiUsage(usage) })
      } catch (error) {
        if (!controller.signal.aborted) sse.send(toOpenAiError(error).body)
      } finally {
        sse.done()
        await context.bots.quotas.record(bot, userId, usage).catch(() => undefined)
      }
    })
  })
}
