import OpenAI from 'openai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fakeProvider, startBotFixture, type BotFixture } from './bot-fixture.js'

describe('/v1: the OpenAI-compatible endpoint, driven by the official openai client', () => {
  let fixture: BotFixture
  let client: OpenAI

  beforeAll(async () => {
    fixture = await startBotFixture(['alice'])
    const kbId = await fixture.knowledgeBase('Warranty', '# Warranty 保修\n\nEvery ACME kettle has a two-year warranty. 每个 ACME 水壶保修两年。')
    await fixture.createBot({ id: 'kettle-bot', name: 'Kettle', systemPrompt: 'You answer questions about ACME kettles.', knowledgeBaseIds: [kbId], provider: fakeProvider(fixture.provider) })
    await fixture.createBot({ id: 'offline-bot', name: 'Offline', knowledgeBaseIds: [kbId] })
    client = new OpenAI({ baseURL: `${fixture.server.url}/v1`, apiKey: fixture.app.secret, maxRetries: 0 })
  })
  afterAll(async () => {
    await fixture.close()
  })

  it('lists the app’s bots as models', async () => {
    const models = await client.models.list()
    expect(models.data.map((model) => model.id).sort()).toEqual(['kettle-bot', 'offline-bot'])
  })

  it('answers without streaming, with the bot’s prompt, retrieval, redaction and reported usage', async () => {
    fixture.provider.script([{ reply: 'Two years [1]. I will call [PHONE_1].', usage: { promptTokens: 40, completionTokens: 9 } }])
    const completion = await client.chat.completions.create({
      model: 'kettle-bot',
      messages: [{ role: 'user', content: 'How long is the warranty? My number is 13812345678.' }],
      user: 'customer-7',
    })
    expect(completion.choices[0]!.message).toMatchObject({ role: 'assistant', content: 'Two years [1]. I will call 13812345678.' })
    expect(completion.usage).toMatchObject({ prompt_tokens: 40, completion_tokens: 9, total_tokens: 49 })
    const sent = fixture.provider.requests.at(-1)!.body
    expect(sent.messages[0].content).toContain('You answer questions about ACME kettles.')
    expect(sent.messages[0].content).toContain('two-year warranty')
    expect(JSON.stringify(sent)).not.toContain('13812345678')
    const usage = await fixture.server.server.context.storage.bots!.usage(fixture.app.id, { fromDay: '2000-01-01', toDay: '2999-12-31', userId: 'customer-7' })
    expect(usage).toMatchObject({ inputTokens: 40, outputTokens: 9 })
  })

  it('streams over SSE with usage and [DONE]', async () => {
    fixture.provider.script([{ chunks: ['Two ', 'years', '.'], tokenIntervalMs: 5 }])
    const stream = await client.chat.completions.create({ model: 'kettle-bot', messages: [{ role: 'user', content: 'Warranty?' }], stream: true, stream_options: { include_usage: true } })
    let text = ''
    let usage: OpenAI.CompletionUsage | undefined
    let finish: string | null | undefined
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? ''
      finish = chunk.choices[0]?.finish_reason ?? finish
      if (chunk.usage) usage = chunk.usage
    }
    expect(text).toBe('Two years.')
    expect(finish).toBe('stop')
    expect(usage?.total_tokens).toBeGreaterThan(0)

    const raw = await fetch(`${fixture.server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fixture.app.secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'offline-bot', stream: true, messages: [{ role: 'user', content: 'kettle warranty' }] }),
    })
    expect(raw.headers.get('content-type')).toContain('text/event-stream')
    expect(raw.headers.get('x-accel-buffering')).toBe('no')
    const body = await raw.text()
    expect(body.trimEnd().endsWith('data: [DONE]')).toBe(true)
    expect(body).toContain('two-year warranty')
  })

  it('answers in OpenAI’s error shape: bad key, unknown model, provider down', async () => {
    const stranger = new OpenAI({ baseURL: `${fixture.server.url}/v1`, apiKey: 'wsk_not_a_secret', maxRetries: 0 })
    await expect(stranger.models.list()).rejects.toMatchObject({ status: 401, code: 'invalid_api_key' })
    await expect(client.chat.completions.create({ model: 'no-such-bot', messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({ status: 404, code: 'model_not_found' })
    fixture.provider.script([{ status: 500, times: 10 }])
    const failure = await client.chat.completions.create({ model: 'kettle-bot', messages: [{ role: 'user', content: 'hi' }] }).catch((error) => error)
    expect(failure).toBeInstanceOf(OpenAI.APIError)
    expect(failure.status).toBe(502)
    expect(failure.error).toMatchObject({ type: 'api_error', code: 'upstream_failed' })
    fixture.provider.reset()
  })
})
