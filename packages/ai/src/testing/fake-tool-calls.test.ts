import OpenAI from 'openai'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { OpenAICompatibleLanguageModel } from '../providers/openai-compatible/openai-compatible-language-model.js'
import type { ModelTool, StreamPart } from '../providers/model-types.js'
import { createRedactingModel } from '../redaction/redacting-model.js'
import { Redactor } from '../redaction/redactor.js'
import { startFakeOpenAIServer, type FakeOpenAIServer } from './fake-openai-server.js'

let server: FakeOpenAIServer

beforeEach(async () => {
  server = await startFakeOpenAIServer()
})

afterEach(async () => {
  await server.close()
})

const lookup: ModelTool = {
  name: 'get_order',
  description: 'Looks an order up',
  parameters: { type: 'object', properties: { orderId: { type: 'string' } }, required: ['orderId'] },
}

describe('fake OpenAI server: tool calls', () => {
  it('answers tool calls without streaming, as the openai client reads them', async () => {
    server.script([{ toolCalls: [{ id: 'call_a', name: 'get_order', arguments: { orderId: 'A-1001' } }] }])
    const client = new OpenAI({ baseURL: server.baseURL, apiKey: 'k', maxRetries: 0 })
    const completion = await client.chat.completions.create({ model: 'fake-chat', messages: [{ role: 'user', content: 'where is A-1001?' }] })
    const choice = completion.choices[0]!
    expect(choice.finish_reason).toBe('tool_calls')
    expect(choice.message.content).toBeNull()
    const call = choice.message.tool_calls?.[0]
    expect(call?.type === 'function' && call.function.name).toBe('get_order')
    expect(call?.type === 'function' && JSON.parse(call.function.arguments)).toEqual({ orderId: 'A-1001' })
  })

  it('streams tool call arguments in pieces that the openai client reassembles', async () => {
    server.script([{ toolCalls: [{ name: 'get_order', arguments: { orderId: 'A-1001' } }, { name: 'get_order', arguments: { orderId: 'B-2' } }] }])
    const client = new OpenAI({ baseURL: server.baseURL, apiKey: 'k', maxRetries: 0 })
    const stream = await client.chat.completions.create({ model: 'fake-chat', stream: true, messages: [{ role: 'user', content: 'x' }] })
    const argumentsByIndex = new Map<number, string>()
    let argumentChunks = 0
    let finish: string | null = null
    for await (const chunk of stream) {
      for (const delta of chunk.choices[0]?.delta.tool_calls ?? []) {
        if (delta.function?.arguments) argumentChunks++
        argumentsByIndex.set(delta.index, (argumentsByIndex.get(delta.index) ?? '') + (delta.function?.arguments ?? ''))
      }
      finish = chunk.choices[0]?.finish_reason ?? finish
    }
    expect(finish).toBe('tool_calls')
    expect(argumentChunks).toBeGreaterThan(2)
    expect([...argumentsByIndex.values()].map((text) => JSON.parse(text))).toEqual([{ orderId: 'A-1001' }, { orderId: 'B-2' }])
  })

  it('drives a full round trip through the Warbler provider, streamed and not', async () => {
    const model = new OpenAICompatibleLanguageModel('fake-chat', { baseURL: server.baseURL, apiKey: 'k' })
    server.script([{ toolCalls: [{ id: 'call_1', name: 'get_order', arguments: { orderId: 'A-1001' } }] }, { toolCalls: [{ id: 'call_2', name: 'get_order', arguments: '{"orderId":"A-1002"}' }] }])

    const generated = await model.doGenerate({ messages: [{ role: 'user', content: 'where is A-1001?' }], tools: [lookup] })
    expect(generated.finishReason).toBe('tool-calls')
    expect(generated.toolCalls).toEqual([{ toolCallId: 'call_1', toolName: 'get_order', input: '{"orderId":"A-1001"}' }])
    expect(server.requests[0]?.body.tools[0]).toMatchObject({ type: 'function', function: { name: 'get_order', parameters: lookup.parameters } })

    const parts: StreamPart[] = []
    for await (const part of await model.doStream({ messages: [{ role: 'user', content: 'and A-1002?' }], tools: [lookup] })) parts.push(part)
    expect(parts.filter((part) => part.type === 'tool-call')).toEqual([{ type: 'tool-call', toolCallId: 'call_2', toolName: 'get_order', input: '{"orderId":"A-1002"}' }])
    expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: 'tool-calls' })

    // The tool's answer goes back as a tool turn; the default reply quotes it.
    let text = ''
    const messages = [
      { role: 'user' as const, content: 'where is A-1001?' },
      { role: 'assistant' as const, content: '', toolCalls: generated.toolCalls },
      { role: 'tool' as const, content: '{"status":"shipped"}', toolCallId: 'call_1', toolName: 'get_order' },
    ]
    for await (const part of await model.doStream({ messages, tools: [lookup] })) if (part.type === 'text-delta') text += part.text
    expect(text).toBe('Tool result: {"status":"shipped"}')
    const sent = server.requests.at(-1)?.body.messages
    expect(sent[1].tool_calls[0]).toMatchObject({ id: 'call_1', function: { name: 'get_order' } })
    expect(sent[2]).toMatchObject({ role: 'tool', tool_call_id: 'call_1', content: '{"status":"shipped"}' })
  })

  it('gives the tool the real values where the provider only saw placeholders, streamed and not', async () => {
    const redactor = new Redactor({ enabled: true })
    const model = createRedactingModel(new OpenAICompatibleLanguageModel('fake-chat', { baseURL: server.baseURL, apiKey: 'k' }), redactor)
    const messages = [{ role: 'user' as const, content: 'My orders? I am 13812345678' }]
    // The fake answers with the placeholder it was sent, as a real model would.
    server.script([{ toolCalls: [{ name: 'get_order', arguments: { phone: '[PHONE_1]' } }] }, { toolCalls: [{ name: 'get_order', arguments: { phone: '[PHONE_1]' } }] }])
    const generated = await model.doGenerate({ messages, tools: [lookup] })
    expect(server.requests[0]?.body.messages[0].content).toBe('My orders? I am [PHONE_1]')
    expect(JSON.parse(generated.toolCalls![0]!.input)).toEqual({ phone: '13812345678' })
    const calls: StreamPart[] = []
    for await (const part of await model.doStream({ messages, tools: [lookup] })) if (part.type === 'tool-call') calls.push(part)
    expect(calls.map((part) => part.type === 'tool-call' && JSON.parse(part.input))).toEqual([{ phone: '13812345678' }])
    // and the real value goes back to the provider as a placeholder when the turn is replayed
    await model.doGenerate({ messages: [...messages, { role: 'assistant', content: '', toolCalls: generated.toolCalls }, { role: 'tool', content: 'orders of 13812345678: none', toolCallId: 'call_x', toolName: 'get_order' }], tools: [lookup] })
    const replayed = JSON.stringify(server.requests.at(-1)?.body.messages)
    expect(replayed).not.toContain('13812345678')
  })
})
