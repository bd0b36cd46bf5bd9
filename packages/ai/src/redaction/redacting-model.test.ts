import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { GenerateOptions, LanguageModel, StreamPart } from '../providers/model-types.js'
import { createOpenAICompatibleProvider } from '../providers/openai-compatible/openai-compatible-provider.js'
import { createResilientModel } from '../providers/resilient-model.js'
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../testing/fake-openai-server.js'
import { ScriptedLanguageModel } from '../testing/scripted-language-model.js'
import { createRedactingModel } from './redacting-model.js'
import { Redactor } from './redactor.js'

let server: FakeOpenAIServer

beforeEach(async () => {
  server = await startFakeOpenAIServer()
})

afterEach(async () => {
  await server.close()
})

const userText = '我的电话是 138 1234 5678，身份证 11010519491231002X，请回电。'

describe('redacting model over HTTP', () => {
  it('sends only placeholders to the provider and streams the reply back with the real values', async () => {
    const chat = createOpenAICompatibleProvider({ baseURL: server.baseURL }).languageModel('fake-chat')
    const model = createRedactingModel(chat, new Redactor())
    const deltas: string[] = []
    for await (const part of await model.doStream({ messages: [{ role: 'user', content: userText }] })) {
      if (part.type === 'text-delta') deltas.push(part.text)
    }
    const sent = JSON.stringify(server.requests[0]?.body)
    expect(sent).toContain('[PHONE_1]')
    expect(sent).toContain('[ID_1]')
    expect(sent).not.toContain('5678')
    expect(sent).not.toContain('11010519491231002X')
    // The fake echoes the prompt token by token, so placeholders arrive split across deltas.
    expect(deltas.join('')).toBe(`Echo: ${userText}`)
    expect(deltas.some((delta) => delta.includes('[') || delta.includes('PHONE'))).toBe(false)
  })

  it('restores a non-streamed reply and keeps placeholders stable across turns', async () => {
    const chat = createOpenAICompatibleProvider({ baseURL: server.baseURL }).languageModel('fake-chat')
    const redactor = new Redactor()
    const model = createRedactingModel(chat, redactor)
    await model.doGenerate({ messages: [{ role: 'user', content: userText }] })
    server.script([{ reply: '好的，我们会拨打【PHONE_1】。' }])
    const second = await model.doGenerate({
      messages: [
        { role: 'user', content: userText },
        { role: 'user', content: '或者打 13900001111' },
      ],
    })
    expect(second.text).toBe('好的，我们会拨打138 1234 5678。')
    expect(server.requests[1]?.body.messages.map((message: { content: string }) => message.content)).toEqual([
      '我的电话是 [PHONE_1]，身份证 [ID_1]，请回电。',
      '或者打 [PHONE_2]',
    ])
  })
})

describe('redacting model', () => {
  it('releases held-back text before the finish part', async () => {
    const redactor = new Redactor()
    redactor.redact('13812345678')
    const inner = new ScriptedLanguageModel('scripted', [{ chunks: ['call [PHONE_1', '] or ['] }])
    const parts = []
    for await (const part of await createRedactingModel(inner, redactor).doStream({ messages: [] })) parts.push(part)
    expect(parts.map((part) => (part.type === 'text-delta' ? part.text : part.type))).toEqual(['call ', '13812345678 or ', '[', 'finish'])
  })

  it('hands back held-back text when the stream ends without a finish part', async () => {
    const redactor = new Redactor()
    redactor.redact('13812345678')
    const inner: LanguageModel = {
      specificationVersion: 'warbler-v1',
      provider: 'test',
      modelId: 'unfinished',
      doGenerate: () => Promise.reject(new Error('not used')),
      doStream: async () =>
        (async function* (): AsyncGenerator<StreamPart> {
          yield { type: 'text-delta', text: 'call [PHONE_1] or [PHO' }
        })(),
    }
    const texts: string[] = []
    for await (const part of await createRedactingModel(inner, redactor).doStream({ messages: [] })) if (part.type === 'text-delta') texts.push(part.text)
    expect(texts).toEqual(['call 13812345678 or ', '[PHO'])
  })

  it('closes the inner stream when the reader stops early', async () => {
    const inner = new ScriptedLanguageModel('scripted', [{ chunks: ['a', 'b', 'c'] }])
    for await (const part of await createRedactingModel(createResilientModel({ models: [inner] }), new Redactor()).doStream({ messages: [] })) {
      if (part.type === 'text-delta') break
    }
    expect(inner.calls[0]?.options.abortSignal?.aborted).toBe(true)
  })
})

/** A model that answers with the prompt it received, two characters per delta, so placeholders arrive split. */
function createEchoModel(): LanguageModel & { prompts: string[] } {
  const prompts: string[] = []
  const promptOf = (options: GenerateOptions): string => {
    const prompt = options.messages.map((message) => message.content).join('\n')
    prompts.push(prompt)
    return prompt
  }
  return {
    specificationVersion: 'warbler-v1',
    provider: 'test',
    modelId: 'echo',
    prompts,
    doGenerate: async (options) => ({ text: promptOf(options), finishReason: 'stop', usage: { inputTokens: 0, outputTokens: 0 } }),
    doStream: async (options) => {
      const prompt = promptOf(options)
      return (async function* (): AsyncGenerator<StreamPart> {
        for (let index = 0; index < prompt.length; index += 2) yield { type: 'text-delta', text: prompt.slice(index, index + 2) }
        yield { type: 'finish', finishReason: 'stop', usage: { inputTokens: 0, outputTokens: 0 } }
      })()
    },
  }
}

describe('redacting model with separated and disguised values', () => {
  // Distinct values (one spelling of a value is restored as its first spelling).
  const values = [
    '1381 2345 678',
    '139.1234.5678',
    '+86 (137) 1234 5678',
    '136\u00a01234\u202f5678',
    '1\u200b3\u200c5\u200d1\u206023\ufeff45678',
    '110105 19491231 002X',
    '310115-19851207-3019',
    '440305900101123',
    '张三@example.com',
    'zhangsan@例子.中国',
    'li＠xn--fsqu00a.xn--fiqs8s',
    '6222.0212.3456.7894',
    '622202 1234567894120',
    '6214 8301 2345 6789 020',
    '2001:db8::8a2e:370:7334',
    '::ffff:192.168.1.10',
    'fe80::1%eth0',
  ]

  it.each(values)('the provider sees only a placeholder for %j, and the streamed echo restores it whole', async (value) => {
    const echo = createEchoModel()
    const text = `请记下：${value}，谢谢`
    const deltas: string[] = []
    for await (const part of await createRedactingModel(echo, new Redactor()).doStream({ messages: [{ role: 'user', content: text }] })) {
      if (part.type === 'text-delta') deltas.push(part.text)
    }
    expect(echo.prompts[0]).toMatch(/^请记下：\[(PHONE|ID|EMAIL|CARD|IP)_1\]，谢谢$/)
    expect(deltas.join('')).toBe(text)
    expect(deltas.some((delta) => /[[\]]/.test(delta))).toBe(false)
  })

  it('restores every value of one message in a non-streamed reply', async () => {
    const echo = createEchoModel()
    const text = values.join(' / ')
    const reply = await createRedactingModel(echo, new Redactor()).doGenerate({ messages: [{ role: 'user', content: text }] })
    expect(echo.prompts[0]).not.toMatch(/\d{3}|@|::/)
    expect(reply.text).toBe(text)
  })
})
