import { WarblerError } from '@warbler/protocol'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../../testing/fake-openai-server.js'
import { cosineSimilarity } from '../../testing/fake-embedding.js'
import type { StreamPart } from '../model-types.js'
import { providerErrorDetails } from '../provider-error.js'
import { createOpenAICompatibleProvider, type OpenAICompatibleProvider } from './openai-compatible-provider.js'

let server: FakeOpenAIServer
let provider: OpenAICompatibleProvider

beforeEach(async () => {
  server = await startFakeOpenAIServer({ apiKey: 'sk-test' })
  provider = createOpenAICompatibleProvider({ name: 'fake', baseURL: server.baseURL, apiKey: 'sk-test' })
})

afterEach(async () => {
  await server.close()
})

async function collect(parts: AsyncIterable<StreamPart>): Promise<StreamPart[]> {
  const collected: StreamPart[] = []
  for await (const part of parts) collected.push(part)
  return collected
}

async function rejection(promise: Promise<unknown>): Promise<WarblerError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  )
  expect(WarblerError.isInstance(error), `expected a WarblerError, got ${String(error)}`).toBe(true)
  return error as WarblerError
}

const hello = { messages: [{ role: 'system' as const, content: 'Be brief.' }, { role: 'user' as const, content: 'Hello' }] }

describe('OpenAI-compatible language model', () => {
  it('generates text with the provider-reported usage and sends the messages as given', async () => {
    server.script([{ reply: '你好！', usage: { promptTokens: 12, completionTokens: 3 } }])
    const model = provider.languageModel('fake-chat')
    const result = await model.doGenerate({ ...hello, temperature: 0.3, maxOutputTokens: 50 })
    expect(result).toEqual({ text: '你好！', usage: { inputTokens: 12, outputTokens: 3, totalTokens: 15 }, finishReason: 'stop' })
    expect(model.provider).toBe('fake')
    expect(server.requests[0]?.body).toMatchObject({
      model: 'fake-chat',
      temperature: 0.3,
      max_tokens: 50,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hello' },
      ],
    })
  })

  it('streams deltas and ends with the usage the provider reported, asking for it with include_usage', async () => {
    server.script([{ chunks: ['Hi', ' there', '!'], usage: { promptTokens: 9, completionTokens: 3 } }])
    const parts = await collect(await provider.languageModel('fake-chat').doStream(hello))
    expect(parts).toEqual([
      { type: 'text-delta', text: 'Hi' },
      { type: 'text-delta', text: ' there' },
      { type: 'text-delta', text: '!' },
      { type: 'finish', usage: { inputTokens: 9, outputTokens: 3, totalTokens: 12 }, finishReason: 'stop' },
    ])
    expect(server.requests[0]?.body).toMatchObject({ stream: true, stream_options: { include_usage: true } })
  })

  it('streams a multi-turn conversation with its settings as sent, and finishes with the reason', async () => {
    server.script([{ chunks: ['ok'], finishReason: 'length' }])
    const turns = [...hello.messages, { role: 'assistant' as const, content: 'Hi!' }, { role: 'user' as const, content: 'Again' }]
    const parts = await collect(await provider.languageModel('fake-chat').doStream({ messages: turns, temperature: 0.2, maxOutputTokens: 7 }))
    expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: 'length' })
    expect(server.requests[0]?.body).toMatchObject({ model: 'fake-chat', temperature: 0.2, max_tokens: 7, messages: turns })
  })

  it('refuses an empty prompt or a bad maxOutputTokens before any request, not retryable', async () => {
    const model = provider.languageModel('fake-chat')
    for (const options of [{ messages: [] }, { ...hello, maxOutputTokens: 0 }, { ...hello, maxOutputTokens: 1.5 }]) {
      const error = await rejection(model.doStream(options))
      expect([error.code, providerErrorDetails(error)?.retryable]).toEqual(['upstream_failed', false])
    }
    expect(server.requests).toHaveLength(0)
  })

  it('closes the HTTP response when the reader stops early', async () => {
    let cancelled = false
    const observingFetch: typeof fetch = async (input, init) => {
      const response = await fetch(input, init)
      const reader = response.body!.getReader()
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          const { done, value } = await reader.read()
          if (done) controller.close()
          else controller.enqueue(value)
        },
        cancel(reason) {
          cancelled = true
          return reader.cancel(reason)
        },
      })
      return new Response(body, { status: response.status, headers: response.headers })
    }
    server.script([{ chunks: ['a', 'b', 'c'], hangAfterChunks: 1 }])
    const model = createOpenAICompatibleProvider({ name: 'fake', baseURL: server.baseURL, apiKey: 'sk-test', fetch: observingFetch }).languageModel('fake-chat')
    for await (const part of await model.doStream(hello)) if (part.type === 'text-delta') break
    // The cancel travels up the SDK's stream pipes to the body.
    await vi.waitFor(() => expect(cancelled).toBe(true), { timeout: 2_000 })
  })

  it('reports a length cut as finishReason length', async () => {
    server.script([{ reply: 'cut sh', finishReason: 'length' }])
    const result = await provider.languageModel('fake-chat').doGenerate(hello)
    expect(result.finishReason).toBe('length')
  })

  it('maps 401 to invalid_credentials, not retryable', async () => {
    const stranger = createOpenAICompatibleProvider({ baseURL: server.baseURL, apiKey: 'sk-wrong' })
    const error = await rejection(stranger.languageModel('fake-chat').doGenerate(hello))
    expect(error.code).toBe('invalid_credentials')
    expect(providerErrorDetails(error)).toMatchObject({ retryable: false, status: 401, provider: 'openai-compatible', modelId: 'fake-chat' })
  })

  it('maps 429 to rate_limited with the Retry-After wait, retryable', async () => {
    server.script([{ status: 429, retryAfter: 3 }])
    const error = await rejection(provider.languageModel('fake-chat').doGenerate(hello))
    expect(error.code).toBe('rate_limited')
    expect(providerErrorDetails(error)).toMatchObject({ retryable: true, status: 429, retryAfterMs: 3000 })
  })

  it('maps a 429 for an empty balance to quota_exceeded, not retryable', async () => {
    server.script([{ status: 429, errorCode: 'insufficient_quota', errorMessage: 'You exceeded your current quota' }])
    const error = await rejection(provider.languageModel('fake-chat').doGenerate(hello))
    expect(error.code).toBe('quota_exceeded')
    expect(providerErrorDetails(error)?.retryable).toBe(false)
  })

  it('maps 500 to upstream_failed, retryable, and 400 to bad_request, not retryable', async () => {
    server.script([{ status: 500 }, { status: 400, errorMessage: 'context too long' }])
    const serverError = await rejection(provider.languageModel('fake-chat').doGenerate(hello))
    expect([serverError.code, providerErrorDetails(serverError)?.retryable]).toEqual(['upstream_failed', true])
    const badRequest = await rejection(provider.languageModel('fake-chat').doGenerate(hello))
    expect([badRequest.code, providerErrorDetails(badRequest)?.retryable]).toEqual(['bad_request', false])
    expect(badRequest.message).toContain('context too long')
  })

  it('rejects doStream itself (before any text) when the request is refused', async () => {
    server.script([{ status: 503 }])
    const error = await rejection(provider.languageModel('fake-chat').doStream(hello))
    expect([error.code, providerErrorDetails(error)?.retryable]).toEqual(['upstream_failed', true])
  })

  it('throws a retryable error from the iterator when the connection drops mid-stream', async () => {
    server.script([{ chunks: ['a', 'b', 'c', 'd'], disconnectAfterChunks: 2 }])
    const texts: string[] = []
    const error = await rejection(
      (async () => {
        for await (const part of await provider.languageModel('fake-chat').doStream(hello)) if (part.type === 'text-delta') texts.push(part.text)
      })(),
    )
    expect(texts.join('')).toBe('ab')
    expect([error.code, providerErrorDetails(error)?.retryable]).toEqual(['upstream_failed', true])
  })

  it('throws a retryable upstream_failed carrying the message when the provider sends an error event mid-stream', async () => {
    server.script([{ chunks: ['x', 'y', 'z'], errorAfterChunks: 1, errorMessage: 'model overloaded' }])
    const texts: string[] = []
    const error = await rejection(
      (async () => {
        for await (const part of await provider.languageModel('fake-chat').doStream(hello)) if (part.type === 'text-delta') texts.push(part.text)
      })(),
    )
    expect(texts).toEqual(['x'])
    expect([error.code, providerErrorDetails(error)?.retryable]).toEqual(['upstream_failed', true])
    expect(error.message).toContain('model overloaded')
  })

  it('maps an unreachable endpoint to a retryable upstream_failed', async () => {
    const url = server.baseURL
    await server.close()
    const gone = createOpenAICompatibleProvider({ baseURL: url })
    const error = await rejection(gone.languageModel('fake-chat').doGenerate(hello))
    expect([error.code, providerErrorDetails(error)?.retryable]).toEqual(['upstream_failed', true])
    server = await startFakeOpenAIServer()
  })

  it('aborts the HTTP request when the caller aborts, rejecting with the caller reason', async () => {
    server.script([{ hang: true }])
    const controller = new AbortController()
    const pending = provider.languageModel('fake-chat').doGenerate({ ...hello, abortSignal: controller.signal })
    while (server.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5))
    const reason = new Error('user pressed stop')
    controller.abort(reason)
    await expect(pending).rejects.toBe(reason)
  })

  it('stops a running stream when the caller aborts', async () => {
    server.script([{ chunks: ['a', 'b', 'c'], hangAfterChunks: 1 }])
    const controller = new AbortController()
    const stream = await provider.languageModel('fake-chat').doStream({ ...hello, abortSignal: controller.signal })
    const texts: string[] = []
    const consumed = (async () => {
      for await (const part of stream) {
        if (part.type === 'text-delta') {
          texts.push(part.text)
          controller.abort(new Error('stop'))
        }
      }
    })()
    await expect(consumed).rejects.toThrow('stop')
    expect(texts).toEqual(['a'])
  })
})

describe('OpenAI-compatible provider settings', () => {
  it('refuses a base URL that is not http(s) with validation_failed', () => {
    for (const baseURL of ['api.deepseek.com', 'ftp://example.com/v1', '']) {
      let error: unknown
      try {
        createOpenAICompatibleProvider({ baseURL }).languageModel('x')
      } catch (caught) {
        error = caught
      }
      expect(WarblerError.isInstance(error) && error.code).toBe('validation_failed')
    }
  })

  it('sends extra headers and trims a trailing slash from the base URL', async () => {
    const custom = createOpenAICompatibleProvider({ baseURL: `${server.baseURL}/`, apiKey: 'sk-test', headers: { 'x-tenant': 'acme' } })
    await custom.languageModel('fake-chat').doGenerate(hello)
    expect(server.requests[0]?.path).toBe('/v1/chat/completions')
    expect(server.requests[0]?.headers['x-tenant']).toBe('acme')
  })
})

describe('OpenAI-compatible embedding model', () => {
  it('embeds in batches of maxEmbeddingsPerCall and keeps the order', async () => {
    const embedder = provider.embeddingModel('fake-embedding', { maxEmbeddingsPerCall: 2 })
    const values = ['退款政策', 'refund policy', 'refund policies', 'shipping']
    const { embeddings, usage } = await embedder.doEmbed({ values })
    expect(embeddings).toHaveLength(4)
    expect(server.requests.map((request) => request.body.input)).toEqual([values.slice(0, 2), values.slice(2)])
    expect(cosineSimilarity(embeddings[1]!, embeddings[2]!)).toBeGreaterThan(cosineSimilarity(embeddings[1]!, embeddings[3]!))
    expect(usage?.tokens).toBeGreaterThan(0)
    // Same text, same vector, wherever it sits in a batch.
    const again = await embedder.doEmbed({ values: ['shipping'] })
    expect(again.embeddings[0]).toEqual(embeddings[3])
  })

  it('passes the requested dimensions through', async () => {
    const embedder = provider.embeddingModel('fake-embedding', { dimensions: 64 })
    const { embeddings } = await embedder.doEmbed({ values: ['abc'] })
    expect(embeddings[0]).toHaveLength(64)
    expect(server.requests[0]?.body.dimensions).toBe(64)
  })

  it('maps embedding failures too', async () => {
    server.script([{ endpoint: 'embeddings', status: 429 }])
    const error = await rejection(provider.embeddingModel('fake-embedding').doEmbed({ values: ['x'] }))
    expect([error.code, providerErrorDetails(error)?.retryable]).toEqual(['rate_limited', true])
  })
})

describe('OpenAI-compatible requests go through the guarded client', () => {
  it('refuses a redirect from the base URL to an address nobody allowed, without sending the conversation there', async () => {
    const { createServer } = await import('node:http')
    // The provider's host (127.0.0.2) is trusted because the caller chose it; the fake server it
    // redirects to (127.0.0.1) is not.
    const redirector = createServer((_request, response) => {
      response.writeHead(307, { location: `${server.baseURL}/chat/completions` }).end()
    })
    await new Promise<void>((resolve) => redirector.listen(0, '127.0.0.2', () => resolve()))
    try {
      const port = (redirector.address() as { port: number }).port
      const redirected = createOpenAICompatibleProvider({ name: 'redirected', baseURL: `http://127.0.0.2:${port}/v1`, apiKey: 'sk-test' })
      const error = await rejection(redirected.languageModel('fake-chat').doGenerate(hello))
      expect(error.code).toBe('forbidden')
      expect(error.message).toContain('private or reserved address')
      expect(providerErrorDetails(error)?.retryable).toBe(false)
      const streamed = await rejection((async () => collect(await redirected.languageModel('fake-chat').doStream(hello)))())
      expect(streamed.code).toBe('forbidden')
      expect(server.requests).toHaveLength(0)
    } finally {
      await new Promise<void>((resolve) => redirector.close(() => resolve()))
    }
  })
})
