import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { OpenAICompatibleLanguageModel } from '../providers/openai-compatible/openai-compatible-language-model.js'
import type { ModelTool, ModelToolCall } from '../providers/model-types.js'
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../testing/fake-openai-server.js'
import { MAX_TOOL_ROUNDS, runToolLoop } from './tool-loop.js'

let server: FakeOpenAIServer
beforeAll(async () => {
  server = await startFakeOpenAIServer()
})
afterAll(() => server.close())

const tools: ModelTool[] = [{ name: 'get_order', description: 'Looks an order up', parameters: { type: 'object', properties: { orderId: { type: 'string' } } } }]

async function collect(parts: AsyncIterable<{ type: string; text?: string }>) {
  let text = ''
  let finish: unknown
  for await (const part of parts) {
    if (part.type === 'text-delta') text += part.text
    else finish = part
  }
  return { text, finish }
}

describe('runToolLoop', () => {
  it('runs the tool, hands its result back and streams the answer that quotes it', async () => {
    server.reset()
    server.script([{ toolCalls: [{ name: 'get_order', arguments: { orderId: 'A-1001' } }] }])
    const model = new OpenAICompatibleLanguageModel('fake-chat', { baseURL: server.baseURL })
    const executed: ModelToolCall[] = []
    const { text, finish } = await collect(
      runToolLoop({ model, messages: [{ role: 'user', content: 'where is A-1001?' }], tools, execute: async (call) => (executed.push(call), '{"status":"shipped"}') }),
    )
    expect(executed.map((call) => JSON.parse(call.input))).toEqual([{ orderId: 'A-1001' }])
    expect(text).toBe('Tool result: {"status":"shipped"}')
    expect(finish).toMatchObject({ type: 'finish', finishReason: 'stop' })
    expect((finish as any).usage.totalTokens).toBeGreaterThan(0)
    expect(server.requests).toHaveLength(2)
  })

  it('stops after 5 rounds and makes the model answer in text', async () => {
    server.reset()
    server.script([{ toolCalls: [{ name: 'get_order', arguments: { orderId: 'again' } }], times: Infinity }])
    const model = new OpenAICompatibleLanguageModel('fake-chat', { baseURL: server.baseURL })
    let calls = 0
    const { text } = await collect(runToolLoop({ model, messages: [{ role: 'user', content: 'loop' }], tools, execute: async () => `result ${++calls}` }))
    expect(calls).toBe(MAX_TOOL_ROUNDS)
    expect(server.requests).toHaveLength(MAX_TOOL_ROUNDS + 1)
    expect(server.requests.at(-1)?.body.tool_choice).toBe('none')
    expect(server.requests.slice(0, -1).every((request) => request.body.tool_choice !== 'none')).toBe(true)
    expect(text).toBe(`Tool result: result ${MAX_TOOL_ROUNDS}`)
  })
})
