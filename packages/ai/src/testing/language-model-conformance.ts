/**
 * One conformance suite for the `LanguageModel` interface, run against every implementation and
 * wrapper, so they all keep the same promises to the bot runtime.
 */
import { describe, expect, it } from 'vitest'
import type { LanguageModel, StreamPart } from '../providers/model-types.js'

/** What the suite needs from one implementation. */
export interface LanguageModelFixture {
  model: LanguageModel
  /** Makes the next call answer `reply`, streamed in several chunks. */
  answerNext(reply: string): void
  /** Makes the next call stream `chunks[0]`, then stall until aborted. */
  stallAfterFirstChunk(chunks: string[]): void
  /** Makes the next call never answer until aborted. */
  hangNext(): void
  /** Releases what the fixture holds (servers...). */
  close(): Promise<void>
}

async function collect(stream: AsyncIterable<StreamPart>): Promise<StreamPart[]> {
  const parts: StreamPart[] = []
  for await (const part of stream) parts.push(part)
  return parts
}

/**
 * Registers the conformance tests for one implementation.
 *
 * @example
 * ```ts
 * describeLanguageModelConformance('scripted', async () => {
 *   const model = new ScriptedLanguageModel('m')
 *   return { model, answerNext: (reply) => model.script([{ reply }]), ... }
 * })
 * ```
 */
export function describeLanguageModelConformance(name: string, createFixture: () => Promise<LanguageModelFixture>): void {
  const withFixture = (test: (fixture: LanguageModelFixture) => Promise<void>) => async () => {
    const fixture = await createFixture()
    try {
      await test(fixture)
    } finally {
      await fixture.close()
    }
  }
  const messages = [
    { role: 'system' as const, content: 'You are helpful.' },
    { role: 'user' as const, content: 'Say something.' },
  ]

  describe(`LanguageModel conformance: ${name}`, () => {
    it(
      'generates the whole reply with consistent usage',
      withFixture(async ({ model, answerNext }) => {
        answerNext('Hello there, 你好！')
        const result = await model.doGenerate({ messages })
        expect(result.text).toBe('Hello there, 你好！')
        expect(result.finishReason).toBe('stop')
        expect(result.usage.totalTokens).toBe(result.usage.inputTokens + result.usage.outputTokens)
        expect(result.usage.outputTokens).toBeGreaterThan(0)
      }),
    )

    it(
      'streams non-empty deltas adding up to the reply, then exactly one finish part, last',
      withFixture(async ({ model, answerNext }) => {
        answerNext('One, two, three.')
        const parts = await collect(await model.doStream({ messages }))
        const deltas = parts.filter((part) => part.type === 'text-delta')
        expect(deltas.map((part) => part.text).join('')).toBe('One, two, three.')
        expect(deltas.every((part) => part.text !== '')).toBe(true)
        expect(parts.filter((part) => part.type === 'finish')).toHaveLength(1)
        expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: 'stop' })
      }),
    )

    it(
      'rejects a generation with the caller reason when aborted while waiting',
      withFixture(async ({ model, hangNext }) => {
        hangNext()
        const controller = new AbortController()
        const reason = new Error('caller gave up')
        const pending = model.doGenerate({ messages, abortSignal: controller.signal })
        setTimeout(() => controller.abort(reason), 20)
        await expect(pending).rejects.toBe(reason)
      }),
    )

    it(
      'stops a stream with the caller reason when aborted mid-answer',
      withFixture(async ({ model, stallAfterFirstChunk }) => {
        stallAfterFirstChunk(['first', ' second'])
        const controller = new AbortController()
        const reason = new Error('stop button')
        const seen: string[] = []
        const consumed = (async () => {
          for await (const part of await model.doStream({ messages, abortSignal: controller.signal })) {
            if (part.type === 'text-delta') {
              seen.push(part.text)
              setTimeout(() => controller.abort(reason), 20)
            }
          }
        })()
        await expect(consumed).rejects.toBe(reason)
        expect(seen).toEqual(['first'])
      }),
    )

    it(
      'rejects at once when the signal is already aborted',
      withFixture(async ({ model, answerNext }) => {
        answerNext('never seen')
        const reason = new Error('too late')
        await expect(model.doGenerate({ messages, abortSignal: AbortSignal.abort(reason) })).rejects.toBe(reason)
        await expect(model.doStream({ messages, abortSignal: AbortSignal.abort(reason) })).rejects.toBe(reason)
      }),
    )
  })
}
