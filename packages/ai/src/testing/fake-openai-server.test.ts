import OpenAI from 'openai'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { cosineSimilarity } from './fake-embedding.js'
import { startFakeOpenAIServer, type FakeOpenAIServer } from './fake-openai-server.js'

let server: FakeOpenAIServer
let client: OpenAI

beforeEach(async () => {
  server = await startFakeOpenAIServer({ apiKey: 'sk-test' })
  client = new OpenAI({ baseURL: server.baseURL, apiKey: 'sk-test', maxRetries: 0 })
})

afterEach(async () => {
  await server.close()
})

describe('fake OpenAI server, checked with the official openai client', () => {
  it('answers a non-streaming chat completion with text and usage', async () => {
    server.script([{ reply: 'Hello, 世界!' }])
    const completion = await client.chat.completions.create({
      model: 'fake-chat',
      messages: [{ role: 'user', content: 'Say hello' }],
    })
    expect(completion.choices[0]?.message.content).toBe('Hello, 世界!')
    expect(completion.choices[0]?.finish_reason).toBe('stop')
    expect(completion.usage?.completion_tokens).toBeGreaterThan(0)
    expect(completion.usage?.total_tokens).toBe((completion.usage?.prompt_tokens ?? 0) + (completion.usage?.completion_tokens ?? 0))
  })

  it('echoes the last user message when nothing is scripted', async () => {
    const completion = await client.chat.completions.create({
      model: 'fake-chat',
      messages: [
        { role: 'system', content: 'be brief' },
        { role: 'user', content: 'ping' },
      ],
    })
    expect(completion.choices[0]?.message.content).toBe('Echo: ping')
  })

  it('streams the scripted chunks and ends with a usage chunk when asked', async () => {
    server.script([{ chunks: ['Hel', 'lo', ' there'], usage: { promptTokens: 7, completionTokens: 3 } }])
    const stream = await client.chat.completions.create({
      model: 'fake-chat',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
      stream_options: { include_usage: true },
    })
    const deltas: string[] = []
    let usage: OpenAI.CompletionUsage | undefined | null
    let finishReason: string | null | undefined
    for await (const chunk of stream) {
      const choice = chunk.choices[0]
      if (choice?.delta.content) deltas.push(choice.delta.content)
      if (choice?.finish_reason) finishReason = choice.finish_reason
      if (chunk.usage) usage = chunk.usage
    }
    expect(deltas).toEqual(['Hel', 'lo', ' there'])
    expect(finishReason).toBe('stop')
    expect(usage).toEqual({ prompt_tokens: 7, completion_tokens: 3, total_tokens: 10 })
  })

  it('sends no usage chunk when the stream does not ask for it', async () => {
    const stream = await client.chat.completions.create({
      model: 'fake-chat',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    })
    const usages: unknown[] = []
    for await (const chunk of stream) if (chunk.usage) usages.push(chunk.usage)
    expect(usages).toEqual([])
  })

  it('returns deterministic embeddings where similar texts are nearer', async () => {
    const texts = ['How do I get a refund?', 'how do i get a refund', 'Shipping takes three days']
    const first = await client.embeddings.create({ model: 'fake-embedding', input: texts })
    const again = await client.embeddings.create({ model: 'fake-embedding', input: texts[0] ?? '' })
    const [refund, refundLower, shipping] = first.data.map((item) => item.embedding)
    expect(first.data).toHaveLength(3)
    expect(refund).toHaveLength(256)
    expect(again.data[0]?.embedding).toEqual(refund)
    expect(cosineSimilarity(refund!, refundLower!)).toBeGreaterThan(0.9)
    expect(cosineSimilarity(refund!, shipping!)).toBeLessThan(cosineSimilarity(refund!, refundLower!) - 0.3)
    expect(first.usage.total_tokens).toBeGreaterThan(0)
  })

  it('honours the requested embedding dimensions and float encoding', async () => {
    const result = await client.embeddings.create({ model: 'fake-embedding', input: 'abc', dimensions: 32, encoding_format: 'float' })
    expect(result.data[0]?.embedding).toHaveLength(32)
    expect(Math.hypot(...(result.data[0]?.embedding ?? []))).toBeCloseTo(1, 5)
  })

  it('lists its models', async () => {
    const page = await client.models.list()
    expect(page.data.map((model) => model.id)).toEqual(['fake-chat', 'fake-embedding'])
  })

  it('surfaces a scripted 429 as the client APIError with the Retry-After header', async () => {
    server.script([{ status: 429, retryAfter: 2, errorMessage: 'slow down' }])
    const error = await client.chat.completions.create({ model: 'fake-chat', messages: [{ role: 'user', content: 'hi' }] }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(OpenAI.APIError)
    expect(error).toBeInstanceOf(OpenAI.RateLimitError)
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(429)
    expect((error as InstanceType<typeof OpenAI.APIError>).headers?.get('retry-after')).toBe('2')
    expect((error as Error).message).toContain('slow down')
    // The script is used up: the next call succeeds.
    const ok = await client.chat.completions.create({ model: 'fake-chat', messages: [{ role: 'user', content: 'hi' }] })
    expect(ok.choices[0]?.message.content).toBe('Echo: hi')
  })

  it('rejects a wrong API key with a 401 AuthenticationError', async () => {
    const stranger = new OpenAI({ baseURL: server.baseURL, apiKey: 'sk-wrong', maxRetries: 0 })
    await expect(stranger.models.list()).rejects.toBeInstanceOf(OpenAI.AuthenticationError)
  })

  it('applies per-model behaviours and leaves other models alone', async () => {
    server.script([{ model: 'primary', status: 500, times: Infinity }])
    await expect(
      client.chat.completions.create({ model: 'primary', messages: [{ role: 'user', content: 'a' }] }),
    ).rejects.toBeInstanceOf(OpenAI.InternalServerError)
    const backup = await client.chat.completions.create({ model: 'backup', messages: [{ role: 'user', content: 'b' }] })
    expect(backup.choices[0]?.message.content).toBe('Echo: b')
    await expect(
      client.chat.completions.create({ model: 'primary', messages: [{ role: 'user', content: 'c' }] }),
    ).rejects.toBeInstanceOf(OpenAI.InternalServerError)
  })

  it('records what the client sent', async () => {
    await client.chat.completions.create({ model: 'fake-chat', messages: [{ role: 'user', content: 'recorded?' }], temperature: 0.2 })
    const [recorded] = server.requests
    expect(recorded?.path).toBe('/v1/chat/completions')
    expect(recorded?.headers.authorization).toBe('Bearer sk-test')
    expect(recorded?.body).toMatchObject({ model: 'fake-chat', temperature: 0.2, messages: [{ role: 'user', content: 'recorded?' }] })
  })

  it('lets the client time out against a hung request, and close() still returns', async () => {
    server.script([{ hang: true }])
    const impatient = new OpenAI({ baseURL: server.baseURL, apiKey: 'sk-test', maxRetries: 0, timeout: 200 })
    await expect(impatient.chat.completions.create({ model: 'fake-chat', messages: [{ role: 'user', content: 'hi' }] })).rejects.toBeInstanceOf(
      OpenAI.APIConnectionTimeoutError,
    )
  })

  it('ends an open stream when it closes', async () => {
    server.script([{ chunks: ['one', ' two', ' three'], hangAfterChunks: 1 }])
    const stream = await client.chat.completions.create({ model: 'fake-chat', messages: [{ role: 'user', content: 'hi' }], stream: true })
    const received: string[] = []
    const consumed = (async () => {
      for await (const chunk of stream) if (chunk.choices[0]?.delta.content) received.push(chunk.choices[0].delta.content)
    })().then(
      () => 'ended',
      () => 'failed',
    )
    while (received.length === 0) await new Promise((resolve) => setTimeout(resolve, 5))
    await server.close()
    expect(['ended', 'failed']).toContain(await consumed)
    expect(received).toEqual(['one'])
    server = await startFakeOpenAIServer() // afterEach closes this one
  })

  it('ends a hung request when it closes, failing the waiting client', async () => {
    server.script([{ hang: true }])
    const pending = client.chat.completions.create({ model: 'fake-chat', messages: [{ role: 'user', content: 'hi' }] })
    while (server.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5))
    await server.close()
    await expect(pending).rejects.toBeInstanceOf(OpenAI.APIConnectionError)
    server = await startFakeOpenAIServer() // afterEach closes this one
  })

  it('cuts the connection mid-stream when scripted to', async () => {
    server.script([{ chunks: ['a', 'b', 'c'], disconnectAfterChunks: 2 }])
    const stream = await client.chat.completions.create({ model: 'fake-chat', messages: [{ role: 'user', content: 'hi' }], stream: true })
    const received: string[] = []
    await expect(
      (async () => {
        for await (const chunk of stream) if (chunk.choices[0]?.delta.content) received.push(chunk.choices[0].delta.content)
      })(),
    ).rejects.toThrow()
    expect(received).toEqual(['a', 'b'])
  })
})
