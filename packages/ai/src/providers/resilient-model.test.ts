import { WarblerError } from '@warbler/protocol'
import { afterEach, describe, expect, it } from 'vitest'
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../testing/fake-openai-server.js'
import { ScriptedLanguageModel } from '../testing/scripted-language-model.js'
import type { LanguageModel, StreamPart } from './model-types.js'
import { createOpenAICompatibleProvider } from './openai-compatible/openai-compatible-provider.js'
import { providerError } from './provider-error.js'
import { createResilientModel, type ResilienceEvent } from './resilient-model.js'

const messages = [{ role: 'user' as const, content: 'hi' }]
const fast = { backoff: { initialDelayMs: 1, maxDelayMs: 5 } }

const retryable = (code: 'rate_limited' | 'upstream_failed' = 'upstream_failed', retryAfterMs?: number): WarblerError =>
  providerError(code, `scripted ${code}`, { retryable: true, retryAfterMs })
const fatal = (): WarblerError => providerError('invalid_credentials', 'bad key', { retryable: false, status: 401 })

async function textOf(stream: AsyncIterable<StreamPart>): Promise<string> {
  let text = ''
  for await (const part of stream) if (part.type === 'text-delta') text += part.text
  return text
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection')
    },
    (error: unknown) => error,
  )
}

describe('resilient model: generate', () => {
  it('retries a retryable error on the same model, then answers', async () => {
    const primary = new ScriptedLanguageModel('primary', [{ error: retryable() }, { error: retryable() }, { reply: 'third time' }])
    const model = createResilientModel({ models: [primary], ...fast })
    const result = await model.doGenerate({ messages })
    expect(result.text).toBe('third time')
    expect(primary.calls).toHaveLength(3)
  })

  it('falls back to the next model once the attempts are used up', async () => {
    const primary = new ScriptedLanguageModel('primary', [{ error: retryable() }, { error: retryable() }])
    const backup = new ScriptedLanguageModel('backup')
    const events: ResilienceEvent[] = []
    const model = createResilientModel({ models: [primary, backup], maxAttemptsPerModel: 2, onEvent: (event) => events.push(event), ...fast })
    expect((await model.doGenerate({ messages })).text).toBe('ok from backup')
    expect(events.map((event) => [event.modelId, event.type === 'attempt-failed' ? event.next : 'ok'])).toEqual([
      ['primary', 'retry'],
      ['primary', 'fallback'],
      ['backup', 'ok'],
    ])
  })

  it('does not retry a non-retryable error but goes straight to the fallback', async () => {
    const primary = new ScriptedLanguageModel('primary', [{ error: fatal() }])
    const backup = new ScriptedLanguageModel('backup')
    const model = createResilientModel({ models: [primary, backup], ...fast })
    expect((await model.doGenerate({ messages })).text).toBe('ok from backup')
    expect(primary.calls).toHaveLength(1)
  })

  it('throws the last error when every model failed', async () => {
    const primary = new ScriptedLanguageModel('primary', [{ error: fatal() }])
    const backup = new ScriptedLanguageModel('backup', [{ error: retryable('rate_limited') }])
    const model = createResilientModel({ models: [primary, backup], maxAttemptsPerModel: 1, ...fast })
    const error = await caught(model.doGenerate({ messages }))
    expect(WarblerError.isInstance(error) && error.code).toBe('rate_limited')
  })

  it('turns a plain error from a model into a non-retryable upstream_failed', async () => {
    const primary = new ScriptedLanguageModel('primary', [{ error: new Error('boom') }])
    const model = createResilientModel({ models: [primary], ...fast })
    const error = await caught(model.doGenerate({ messages }))
    expect(WarblerError.isInstance(error) && error.code).toBe('upstream_failed')
    expect(primary.calls).toHaveLength(1)
  })

  it('waits at least what Retry-After asked before retrying', async () => {
    const primary = new ScriptedLanguageModel('primary', [{ error: retryable('rate_limited', 300) }])
    const events: ResilienceEvent[] = []
    const model = createResilientModel({ models: [primary], onEvent: (event) => events.push(event), ...fast })
    const started = Date.now()
    await model.doGenerate({ messages })
    expect(events[0]).toMatchObject({ type: 'attempt-failed', next: 'retry' })
    expect(events[0]?.type === 'attempt-failed' && events[0].delayMs).toBeGreaterThanOrEqual(300)
    expect(Date.now() - started).toBeGreaterThanOrEqual(290)
  })

  it('skips to the fallback when Retry-After is longer than it is willing to wait', async () => {
    const primary = new ScriptedLanguageModel('primary', [{ error: retryable('rate_limited', 120_000) }])
    const backup = new ScriptedLanguageModel('backup')
    const model = createResilientModel({ models: [primary, backup], ...fast })
    expect((await model.doGenerate({ messages })).text).toBe('ok from backup')
    expect(primary.calls).toHaveLength(1)
  })

  it('gives up on a model that never answers (even one ignoring its abort signal)', async () => {
    const primary = new ScriptedLanguageModel('primary', [{ hang: true, ignoreAbort: true }])
    const backup = new ScriptedLanguageModel('backup')
    const model = createResilientModel({ models: [primary, backup], timeoutMs: 50, maxAttemptsPerModel: 1, ...fast })
    expect((await model.doGenerate({ messages })).text).toBe('ok from backup')
    expect(primary.calls[0]?.options.abortSignal?.aborted).toBe(true)
  })

  it('rejects with the caller reason when cancelled during a backoff wait, without trying more', async () => {
    const primary = new ScriptedLanguageModel('primary', [{ error: retryable('rate_limited', 10_000) }])
    const controller = new AbortController()
    const model = createResilientModel({
      models: [primary],
      onEvent: () => setTimeout(() => controller.abort(new Error('user left')), 10),
      ...fast,
    })
    await expect(model.doGenerate({ messages, abortSignal: controller.signal })).rejects.toThrow('user left')
    expect(primary.calls).toHaveLength(1)
  })
})

describe('resilient model: stream', () => {
  it('falls back when the primary refuses before any text', async () => {
    const primary = new ScriptedLanguageModel('primary', [{ error: fatal() }])
    const backup = new ScriptedLanguageModel('backup', [{ chunks: ['from ', 'backup'] }])
    const model = createResilientModel({ models: [primary, backup], ...fast })
    expect(await textOf(await model.doStream({ messages }))).toBe('from backup')
  })

  it('falls back when the first token does not come in time', async () => {
    const primary = new ScriptedLanguageModel('primary', [{ chunks: ['never'], hangAfterChunks: 0, ignoreAbort: true }])
    const backup = new ScriptedLanguageModel('backup', [{ chunks: ['quick'] }])
    const model = createResilientModel({ models: [primary, backup], firstTokenTimeoutMs: 50, maxAttemptsPerModel: 1, ...fast })
    expect(await textOf(await model.doStream({ messages }))).toBe('quick')
    expect(primary.calls[0]?.options.abortSignal?.aborted).toBe(true)
  })

  it('does not restart a stream that already emitted text: the error surfaces to the reader', async () => {
    const primary = new ScriptedLanguageModel('primary', [{ chunks: ['Hel', 'lo', ' world'], failAfterChunks: 2, error: retryable() }])
    const backup = new ScriptedLanguageModel('backup')
    const model = createResilientModel({ models: [primary, backup], ...fast })
    const seen: string[] = []
    const error = await caught(
      (async () => {
        for await (const part of await model.doStream({ messages })) if (part.type === 'text-delta') seen.push(part.text)
      })(),
    )
    expect(seen.join('')).toBe('Hello')
    expect(WarblerError.isInstance(error) && error.code).toBe('upstream_failed')
    expect(backup.calls).toHaveLength(0)
    expect(primary.calls).toHaveLength(1)
  })

  it('times out a stream that goes silent mid-answer and surfaces a timeout', async () => {
    const primary = new ScriptedLanguageModel('primary', [{ chunks: ['one', ' two'], hangAfterChunks: 1, ignoreAbort: true }])
    const model = createResilientModel({ models: [primary, new ScriptedLanguageModel('backup')], idleTimeoutMs: 50, ...fast })
    const seen: string[] = []
    const error = await caught(
      (async () => {
        for await (const part of await model.doStream({ messages })) if (part.type === 'text-delta') seen.push(part.text)
      })(),
    )
    expect(seen).toEqual(['one'])
    expect(WarblerError.isInstance(error) && error.code).toBe('timeout')
  })

  it('keeps a long stream whose every gap is within the idle deadline, and still times out a silence after many tokens', async () => {
    const gapped = (gapMs: number, chunks: number, stallAfter?: number): LanguageModel => ({
      specificationVersion: 'warbler-v1',
      provider: 'gapped',
      modelId: 'gapped',
      doGenerate: () => Promise.reject(new Error('not used')),
      doStream: async () =>
        (async function* (): AsyncGenerator<StreamPart> {
          for (let index = 0; index < chunks; index++) {
            await new Promise((resolve) => setTimeout(resolve, gapMs))
            if (index === stallAfter) await new Promise(() => {}) // ignores its abort signal
            yield { type: 'text-delta', text: `${index} ` }
          }
          yield { type: 'finish', usage: { inputTokens: 1, outputTokens: chunks, totalTokens: 1 + chunks }, finishReason: 'stop' }
        })(),
    })
    // 12 gaps of 25 ms: 300 ms in all, three times the 100 ms idle deadline.
    const steady = createResilientModel({ models: [gapped(25, 12)], idleTimeoutMs: 100, firstTokenTimeoutMs: 1_000 })
    expect(await textOf(await steady.doStream({ messages }))).toBe('0 1 2 3 4 5 6 7 8 9 10 11 ')
    const stalls = createResilientModel({ models: [gapped(5, 12, 8)], idleTimeoutMs: 100, firstTokenTimeoutMs: 1_000 })
    const seen: string[] = []
    const error = await caught(
      (async () => {
        for await (const part of await stalls.doStream({ messages })) if (part.type === 'text-delta') seen.push(part.text)
      })(),
    )
    expect(seen.join('')).toBe('0 1 2 3 4 5 6 7 ')
    expect(WarblerError.isInstance(error) && error.code).toBe('timeout')
    expect((error as Error).message).toContain('went silent mid-answer')
  })

  it('aborts the underlying request when the reader stops early', async () => {
    const primary = new ScriptedLanguageModel('primary', [{ chunks: ['a', 'b', 'c'] }])
    for await (const part of await createResilientModel({ models: [primary] }).doStream({ messages })) {
      if (part.type === 'text-delta') break
    }
    expect(primary.calls[0]?.options.abortSignal?.aborted).toBe(true)
  })

  it('passes the finish part with usage through', async () => {
    const primary = new ScriptedLanguageModel('primary', [{ chunks: ['a'], usage: { inputTokens: 5, outputTokens: 1, totalTokens: 6 } }])
    const parts: StreamPart[] = []
    for await (const part of await createResilientModel({ models: [primary] }).doStream({ messages })) parts.push(part)
    expect(parts.at(-1)).toEqual({ type: 'finish', usage: { inputTokens: 5, outputTokens: 1, totalTokens: 6 }, finishReason: 'stop' })
  })
})

describe('resilient model over HTTP (fake OpenAI server)', () => {
  let server: FakeOpenAIServer | undefined
  afterEach(async () => {
    await server?.close()
  })

  it('retries a 429 with Retry-After, then falls back from a failing model to a working one', async () => {
    server = await startFakeOpenAIServer()
    server.script([
      { model: 'primary', status: 429, retryAfter: 0.05 },
      { model: 'primary', status: 500, times: Infinity },
    ])
    const provider = createOpenAICompatibleProvider({ baseURL: server.baseURL })
    const model = createResilientModel({ models: [provider.languageModel('primary'), provider.languageModel('backup')], maxAttemptsPerModel: 2, ...fast })
    expect(await textOf(await model.doStream({ messages: [{ role: 'user', content: 'ping' }] }))).toBe('Echo: ping')
    expect(server.requests.map((request) => request.body.model)).toEqual(['primary', 'primary', 'backup'])
  })

  it('abandons a hung upstream after the first-token deadline and closes that request', async () => {
    server = await startFakeOpenAIServer()
    server.script([{ model: 'primary', hang: true }])
    const provider = createOpenAICompatibleProvider({ baseURL: server.baseURL })
    const model = createResilientModel({
      models: [provider.languageModel('primary'), provider.languageModel('backup')],
      // Generous, so a loaded machine still gets the backup's first token in time.
      firstTokenTimeoutMs: 1_000,
      maxAttemptsPerModel: 1,
    })
    expect(await textOf(await model.doStream({ messages: [{ role: 'user', content: 'ping' }] }))).toBe('Echo: ping')
  })

  it('falls back when an upstream is slower to its first token than allowed', async () => {
    server = await startFakeOpenAIServer()
    server.script([{ model: 'slow', delayMs: 30_000, reply: 'too late' }])
    const provider = createOpenAICompatibleProvider({ baseURL: server.baseURL })
    const model = createResilientModel({ models: [provider.languageModel('slow'), provider.languageModel('quick')], firstTokenTimeoutMs: 1_000, maxAttemptsPerModel: 1 })
    expect(await textOf(await model.doStream({ messages: [{ role: 'user', content: 'ping' }] }))).toBe('Echo: ping')
  })

  it('surfaces a timeout when tokens stop coming mid-answer, keeping the text already sent', async () => {
    server = await startFakeOpenAIServer()
    const provider = createOpenAICompatibleProvider({ baseURL: server.baseURL })
    server.script([{ chunks: ['first', ' second', ' third'], hangAfterChunks: 1 }])
    const model = createResilientModel({ models: [provider.languageModel('fake-chat'), provider.languageModel('backup')], idleTimeoutMs: 100 })
    const seen: string[] = []
    const error = await caught(
      (async () => {
        for await (const part of await model.doStream({ messages })) if (part.type === 'text-delta') seen.push(part.text)
      })(),
    )
    expect(seen).toEqual(['first'])
    expect(WarblerError.isInstance(error) && error.code).toBe('timeout')
    expect(server.requests).toHaveLength(1)
  })

  it('retries a stream whose provider reported an error before any text', async () => {
    server = await startFakeOpenAIServer()
    server.script([{ chunks: ['x'], errorAfterChunks: 0, errorMessage: 'overloaded' }])
    const provider = createOpenAICompatibleProvider({ baseURL: server.baseURL })
    const model = createResilientModel({ models: [provider.languageModel('fake-chat')], ...fast })
    expect(await textOf(await model.doStream({ messages: [{ role: 'user', content: 'again' }] }))).toBe('Echo: again')
    expect(server.requests).toHaveLength(2)
  })

  it('cancels the HTTP request when the caller aborts mid-stream', async () => {
    server = await startFakeOpenAIServer()
    server.script([{ chunks: ['a', 'b', 'c'], tokenIntervalMs: 20 }])
    const controller = new AbortController()
    const provider = createOpenAICompatibleProvider({ baseURL: server.baseURL })
    const model = createResilientModel({ models: [provider.languageModel('fake-chat')] })
    const seen: string[] = []
    const error = await caught(
      (async () => {
        for await (const part of await model.doStream({ messages, abortSignal: controller.signal })) {
          if (part.type === 'text-delta') {
            seen.push(part.text)
            controller.abort(new Error('stopped by user'))
          }
        }
      })(),
    )
    expect((error as Error).message).toBe('stopped by user')
    expect(seen).toEqual(['a'])
  })
})
