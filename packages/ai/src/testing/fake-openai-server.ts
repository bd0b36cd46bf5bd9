/**
 * A real HTTP server on 127.0.0.1 speaking the OpenAI wire format, for tests that need a model
 * provider without a network: chat completions (plain and SSE streaming, with the usage chunk when
 * `stream_options.include_usage` is set; scripted tool calls, streamed in pieces or not), embeddings, the model list, scripted failures, delays,
 * stalls, and a record of every request.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { BehaviourQueue, type FakeBehaviour, type FakeEndpoint } from './fake-behaviour.js'
import { encodeEmbeddingBase64, fakeEmbedding } from './fake-embedding.js'
import { countTokens, splitIntoTokens } from './fake-tokenizer.js'

export type { FakeBehaviour, FakeEndpoint, FakeToolCall } from './fake-behaviour.js'

/** One request the server received, as the provider sent it. */
export interface RecordedRequest {
  method: string
  /** The URL path, e.g. `/v1/chat/completions`. */
  path: string
  /** Lower-cased header names. */
  headers: Record<string, string | string[] | undefined>
  /** The parsed JSON body, or undefined when there was none or it was not JSON. */
  body: any
}

/** Options of {@link startFakeOpenAIServer}. */
export interface FakeOpenAIServerOptions {
  /** When set, requests must carry `Authorization: Bearer <apiKey>` or get a 401. */
  apiKey?: string
  /** Model ids listed by `GET /v1/models` (default `['fake-chat', 'fake-embedding']`). */
  models?: string[]
  /** The reply when no scripted behaviour matches (default: `Echo: <last user message>`). */
  defaultReply?: string | ((body: any) => string)
  /** Embedding size when the request does not ask for `dimensions` (default 256). */
  embeddingDimensions?: number
}

/** A running fake server. */
export interface FakeOpenAIServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string
  /** `http://127.0.0.1:<port>/v1`, the base URL an OpenAI client wants. */
  readonly baseURL: string
  /** Every request received, oldest first. */
  readonly requests: RecordedRequest[]
  /** Queues behaviours; each request takes the first one matching its endpoint and model. */
  script(behaviours: readonly FakeBehaviour[]): void
  /** Forgets queued behaviours and recorded requests. */
  reset(): void
  /** Ends open streams and hung requests, then stops listening. */
  close(): Promise<void>
}

interface ExchangeContext {
  response: ServerResponse
  /** Aborted when the client goes away or the server closes. */
  signal: AbortSignal
}

function sleep(milliseconds: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve()
    const timer = setTimeout(done, milliseconds)
    function done(): void {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    signal.addEventListener('abort', done, { once: true })
  })
}

function waitForever(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve()
    signal.addEventListener('abort', () => resolve(), { once: true })
  })
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body)
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers })
  response.end(text)
}

function errorType(status: number): string {
  if (status === 401) return 'invalid_request_error'
  if (status === 429) return 'rate_limit_error'
  if (status >= 500) return 'server_error'
  return 'invalid_request_error'
}

function sendError(response: ServerResponse, behaviour: FakeBehaviour & { status: number }): void {
  const headers: Record<string, string> = {}
  if (behaviour.retryAfter !== undefined) headers['retry-after'] = String(behaviour.retryAfter)
  sendJson(
    response,
    behaviour.status,
    {
      error: {
        message: behaviour.errorMessage ?? `Scripted error ${behaviour.status}`,
        type: errorType(behaviour.status),
        param: null,
        code: behaviour.errorCode ?? null,
      },
    },
    headers,
  )
}

/** The content of the last message when it is a tool result (what the default reply quotes). */
function trailingToolResult(body: any): string | undefined {
  const messages: any[] = Array.isArray(body?.messages) ? body.messages : []
  const last = messages[messages.length - 1]
  if (last?.role !== 'tool') return undefined
  return typeof last.content === 'string' ? last.content : JSON.stringify(last.content)
}

/** Splits text into `count` pieces of about equal length (the way argument JSON trickles in). */
function pieces(text: string, count: number): string[] {
  const size = Math.max(1, Math.ceil(text.length / count))
  const parts: string[] = []
  for (let index = 0; index < text.length; index += size) parts.push(text.slice(index, index + size))
  return parts.length > 0 ? parts : ['']
}

function lastUserText(body: any): string {
  const messages: any[] = Array.isArray(body?.messages) ? body.messages : []
  const last = [...messages].reverse().find((message) => message?.role === 'user')
  const content = last?.content
  if (typeof content === 'string') return content
  if (Array.isArray(content)) return content.map((part: any) => (typeof part?.text === 'string' ? part.text : '')).join('')
  return ''
}

function promptTokenCount(body: any): number {
  const messages: any[] = Array.isArray(body?.messages) ? body.messages : []
  // Roughly what OpenAI charges: the content plus a few tokens of framing per message.
  return messages.reduce((sum, message) => sum + 4 + countTokens(typeof message?.content === 'string' ? message.content : JSON.stringify(message?.content ?? '')), 0)
}

async function readBody(request: IncomingMessage): Promise<any> {
  const parts: Buffer[] = []
  for await (const part of request) parts.push(part as Buffer)
  const text = Buffer.concat(parts).toString('utf8')
  if (text === '') return undefined
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/**
 * Starts a fake OpenAI-compatible server on 127.0.0.1 with a free port.
 *
 * @example
 * ```ts
 * const server = await startFakeOpenAIServer()
 * server.script([{ status: 500 }, { reply: 'Hello!' }])
 * const client = new OpenAI({ baseURL: server.baseURL, apiKey: 'test', maxRetries: 0 })
 * // first call fails with a 500, the second answers "Hello!"
 * await server.close()
 * ```
 */
export async function startFakeOpenAIServer(options: FakeOpenAIServerOptions = {}): Promise<FakeOpenAIServer> {
  const queue = new BehaviourQueue()
  const requests: RecordedRequest[] = []
  const closing = new AbortController()
  const models = options.models ?? ['fake-chat', 'fake-embedding']
  let completionCounter = 0

  function takeBehaviour(endpoint: FakeEndpoint, model: string | undefined): FakeBehaviour {
    return queue.take(endpoint, model) ?? {}
  }

  function defaultReply(body: any): string {
    const configured = options.defaultReply
    if (typeof configured === 'function') return configured(body)
    if (typeof configured === 'string') return configured
    const toolResult = trailingToolResult(body)
    if (toolResult !== undefined) return `Tool result: ${toolResult}`
    return `Echo: ${lastUserText(body)}`
  }

  /** Handles the parts every scripted behaviour shares; returns false when the answer is already given. */
  async function preamble(context: ExchangeContext, behaviour: FakeBehaviour): Promise<boolean> {
    if (behaviour.delayMs) await sleep(behaviour.delayMs, context.signal)
    if (behaviour.hang) {
      await waitForever(context.signal)
      return false
    }
    if (context.signal.aborted) return false
    if (behaviour.redirectTo !== undefined) {
      context.response.writeHead(behaviour.redirectStatus ?? 307, { location: behaviour.redirectTo }).end()
      return false
    }
    if (behaviour.status !== undefined) {
      sendError(context.response, { ...behaviour, status: behaviour.status })
      return false
    }
    return true
  }

  async function handleChat(context: ExchangeContext, body: any): Promise<void> {
    const model = typeof body?.model === 'string' ? body.model : 'fake-chat'
    const behaviour = takeBehaviour('chat', model)
    if (!(await preamble(context, behaviour))) return
    // `tool_choice: 'none'` forbids tool calls, as OpenAI honours it: a scripted call turns into text.
    const toolCalls = (body?.tool_choice === 'none' ? [] : (behaviour.toolCalls ?? [])).map((call, index) => ({
      id: call.id ?? `call_${completionCounter + 1}_${index}`,
      type: 'function' as const,
      function: { name: call.name, arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments) },
    }))
    const reply = behaviour.chunks?.join('') ?? behaviour.reply ?? (toolCalls.length > 0 ? '' : defaultReply(body))
    const chunks = behaviour.chunks ?? (reply === '' ? [] : splitIntoTokens(reply))
    const promptTokens = behaviour.usage?.promptTokens ?? promptTokenCount(body)
    const completionTokens = behaviour.usage?.completionTokens ?? countTokens(reply) + toolCalls.reduce((sum, call) => sum + countTokens(call.function.arguments), 0)
    const usage = { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens }
    const finishReason = behaviour.finishReason ?? (toolCalls.length > 0 ? 'tool_calls' : 'stop')
    const id = `chatcmpl-fake-${++completionCounter}`
    const created = Math.floor(Date.now() / 1000)
    const interval = behaviour.tokensPerSecond ? 1000 / behaviour.tokensPerSecond : (behaviour.tokenIntervalMs ?? 0)

    if (body?.stream !== true) {
      if (interval > 0) await sleep(interval * chunks.length, context.signal)
      if (context.signal.aborted) return
      sendJson(context.response, 200, {
        id,
        object: 'chat.completion',
        created,
        model,
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: toolCalls.length > 0 && reply === '' ? null : reply, refusal: null, ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}) },
            logprobs: null,
            finish_reason: finishReason,
          },
        ],
        usage,
        system_fingerprint: 'fake',
      })
      return
    }

    const includeUsage = body?.stream_options?.include_usage === true
    const response = context.response
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' })
    const write = (payload: unknown): void => {
      response.write(`data: ${JSON.stringify(payload)}\n\n`)
    }
    const chunk = (delta: Record<string, unknown>, finish: string | null): void => {
      write({
        id,
        object: 'chat.completion.chunk',
        created,
        model,
        system_fingerprint: 'fake',
        choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
        ...(includeUsage ? { usage: null } : {}),
      })
    }
    chunk({ role: 'assistant', content: '' }, null)
    for (let index = 0; index < chunks.length; index++) {
      if (index === behaviour.hangAfterChunks) return waitForever(context.signal)
      if (index === behaviour.disconnectAfterChunks) {
        // Let what was written reach the client first, then cut without ending the stream.
        await new Promise<void>((resolve) => response.write(': cut\n\n', () => resolve()))
        response.socket?.destroy()
        return
      }
      if (index === behaviour.errorAfterChunks) {
        write({ error: { message: behaviour.errorMessage ?? 'Scripted stream error', type: 'server_error', param: null, code: behaviour.errorCode ?? null } })
        response.end('data: [DONE]\n\n')
        return
      }
      if (interval > 0) await sleep(interval, context.signal)
      if (context.signal.aborted) return
      chunk({ content: chunks[index] }, null)
    }
    if (behaviour.hangAfterChunks !== undefined && behaviour.hangAfterChunks >= chunks.length) return waitForever(context.signal)
    for (const [index, call] of toolCalls.entries()) {
      // The first chunk names the call; its arguments follow in pieces with only the index.
      chunk({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } }] }, null)
      for (const piece of pieces(call.function.arguments, 3)) {
        if (interval > 0) await sleep(interval, context.signal)
        if (context.signal.aborted) return
        chunk({ tool_calls: [{ index, function: { arguments: piece } }] }, null)
      }
    }
    chunk({}, finishReason)
    if (includeUsage) write({ id, object: 'chat.completion.chunk', created, model, system_fingerprint: 'fake', choices: [], usage })
    response.end('data: [DONE]\n\n')
  }

  async function handleEmbeddings(context: ExchangeContext, body: any): Promise<void> {
    const model = typeof body?.model === 'string' ? body.model : 'fake-embedding'
    const behaviour = takeBehaviour('embeddings', model)
    if (!(await preamble(context, behaviour))) return
    const raw = body?.input
    const inputs: string[] = (Array.isArray(raw) && raw.every((item) => typeof item === 'string') ? raw : [raw]).map((item: unknown) =>
      typeof item === 'string' ? item : JSON.stringify(item),
    )
    if (raw === undefined || inputs.length === 0) {
      sendError(context.response, { status: 400, errorMessage: "'input' is required" })
      return
    }
    const dimensions = typeof body?.dimensions === 'number' ? body.dimensions : (options.embeddingDimensions ?? 256)
    const base64 = body?.encoding_format === 'base64'
    const tokens = inputs.reduce((sum, text) => sum + countTokens(text), 0)
    sendJson(context.response, 200, {
      object: 'list',
      model,
      data: inputs.map((text, index) => {
        const vector = fakeEmbedding(text, dimensions)
        return { object: 'embedding', index, embedding: base64 ? encodeEmbeddingBase64(vector) : vector }
      }),
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    })
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request)
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname
    requests.push({ method: request.method ?? 'GET', path, headers: { ...request.headers }, body })

    const exchange = new AbortController()
    const abort = (): void => exchange.abort()
    response.on('close', abort)
    closing.signal.addEventListener('abort', abort, { once: true })
    response.on('close', () => closing.signal.removeEventListener('abort', abort))
    const context: ExchangeContext = { response, signal: exchange.signal }

    if (options.apiKey !== undefined && request.headers.authorization !== `Bearer ${options.apiKey}`) {
      sendError(response, { status: 401, errorMessage: 'Incorrect API key provided.', errorCode: 'invalid_api_key' })
      return
    }
    if (request.method === 'GET' && path.endsWith('/models')) {
      sendJson(response, 200, {
        object: 'list',
        data: models.map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'warbler-fake' })),
      })
      return
    }
    if (request.method === 'POST' && path.endsWith('/chat/completions')) return handleChat(context, body)
    if (request.method === 'POST' && path.endsWith('/embeddings')) return handleEmbeddings(context, body)
    sendError(response, { status: 404, errorMessage: `No route for ${request.method} ${path}` })
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendError(response, { status: 500, errorMessage: String(error) })
      else response.destroy()
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  const url = `http://127.0.0.1:${port}`

  return {
    url,
    baseURL: `${url}/v1`,
    requests,
    script: (behaviours) => queue.push(behaviours),
    reset() {
      queue.clear()
      requests.length = 0
    },
    close() {
      closing.abort()
      return new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
    },
  }
}
