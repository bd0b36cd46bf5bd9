import { ClientFrame, assertJsonShape } from '@warbler/protocol'
import { describe, expect, it } from 'vitest'
import { decodeFrame } from './frame-decoder.js'
import { fastSendFrame } from './send-frame-fast-path.js'

/** What the schema path answers: the parsed frame, or undefined when it refuses. */
function schemaAnswer(value: Record<string, unknown>): unknown {
  try {
    assertJsonShape(value)
  } catch {
    return undefined
  }
  const parsed = ClientFrame.safeParse(value)
  return parsed.success ? parsed.data : undefined
}

const valid = { type: 'message.send', id: 'r1', clientMsgId: 'c-1.a:b_2', conversationId: 'cnv_AZ-09', body: { type: 'text', text: 'hello 世界 👋' } }

/** Frames near every rule's edge, valid and invalid. */
const cases: Record<string, unknown>[] = [
  valid,
  { ...valid, id: undefined },
  { type: 'message.send', clientMsgId: 'c', conversationId: 'c', body: { type: 'text', text: 'x' } },
  { ...valid, replyToSeq: 0 },
  { ...valid, replyToSeq: 17 },
  { ...valid, replyToSeq: -1 },
  { ...valid, replyToSeq: 1.5 },
  { ...valid, replyToSeq: Number.MAX_SAFE_INTEGER },
  { ...valid, replyToSeq: Number.MAX_SAFE_INTEGER + 1 },
  { ...valid, replyToSeq: '3' },
  { ...valid, replyToSeq: null },
  { ...valid, id: '' },
  { ...valid, id: 'x'.repeat(64) },
  { ...valid, id: 'x'.repeat(65) },
  { ...valid, id: 7 },
  { ...valid, id: 'a\ud800' },
  { ...valid, clientMsgId: '' },
  { ...valid, clientMsgId: 'a b' },
  { ...valid, clientMsgId: 'é' },
  { ...valid, clientMsgId: 'x'.repeat(64) },
  { ...valid, clientMsgId: 'x'.repeat(65) },
  { ...valid, clientMsgId: undefined },
  { ...valid, conversationId: 'a.b' },
  { ...valid, conversationId: 'x'.repeat(65) },
  { ...valid, conversationId: 3 },
  { ...valid, body: { type: 'text', text: '' } },
  { ...valid, body: { type: 'text', text: 'x'.repeat(10_000) } },
  { ...valid, body: { type: 'text', text: 'x'.repeat(10_001) } },
  { ...valid, body: { type: 'text', text: 'lone \udc00 surrogate' } },
  { ...valid, body: { type: 'text', text: 'x', mentions: ['u1', 'all'] } },
  { ...valid, body: { type: 'text', text: 'x', mentions: [] } },
  { ...valid, body: { type: 'text', text: 'x', mentions: [''] } },
  { ...valid, body: { type: 'text', text: 'x', mentions: ['x'.repeat(129)] } },
  { ...valid, body: { type: 'text', text: 'x', mentions: Array.from({ length: 100 }, (_, i) => `u${i}`) } },
  { ...valid, body: { type: 'text', text: 'x', mentions: Array.from({ length: 101 }, (_, i) => `u${i}`) } },
  { ...valid, body: { type: 'text', text: 'x', mentions: 'u1' } },
  { ...valid, body: { type: 'text', text: 'x', mentions: [3] } },
  { ...valid, body: { type: 'text', text: 'x', extra: 1 } },
  { ...valid, body: { type: 'text' } },
  { ...valid, body: { type: 'image', url: 'https://example.com/a.png' } },
  { ...valid, body: ['text'] },
  { ...valid, body: null },
  { ...valid, ext: { a: 1 } },
  { ...valid, unknown: true },
  JSON.parse('{"type":"message.send","clientMsgId":"c","conversationId":"c","body":{"type":"text","text":"x"},"__proto__":{"x":1}}') as Record<string, unknown>,
]

describe('the message.send fast path', () => {
  it('answers exactly what the schema parses, or leaves the frame to the schema', () => {
    for (const frame of cases) {
      const input = JSON.parse(JSON.stringify(frame)) as Record<string, unknown>
      const fast = fastSendFrame(input)
      const schema = schemaAnswer(JSON.parse(JSON.stringify(frame)) as Record<string, unknown>)
      if (fast !== undefined) expect(fast, JSON.stringify(frame).slice(0, 200)).toStrictEqual(schema)
      // Everything the fast path leaves out still gets its answer from the schema.
      if (schema === undefined) expect(fast, JSON.stringify(frame).slice(0, 200)).toBeUndefined()
    }
  })

  it('takes the common frames itself', () => {
    for (const frame of [valid, { ...valid, replyToSeq: 3 }, { ...valid, body: { type: 'text', text: 'x', mentions: ['u1'] } }]) {
      expect(fastSendFrame(JSON.parse(JSON.stringify(frame)) as Record<string, unknown>)).toBeDefined()
    }
  })

  it('agrees with the schema on random frames', () => {
    const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!
    const strings = ['', 'a', 'x'.repeat(64), 'x'.repeat(65), 'a b', 'é', 'a\ud800', 'cnv_1', 'c.1:2', 'all']
    let takenFast = 0
    for (let round = 0; round < 3000; round++) {
      const frame: Record<string, unknown> = { type: pick(['message.send', 'message.send', 'ping']) }
      if (Math.random() < 0.5) frame.id = pick([...strings, 5])
      if (Math.random() < 0.95) frame.clientMsgId = pick(strings)
      if (Math.random() < 0.95) frame.conversationId = pick(strings)
      if (Math.random() < 0.2) frame.replyToSeq = pick([0, 1, -1, 2.5, '1', null])
      const body: Record<string, unknown> = { type: pick(['text', 'text', 'image']) }
      if (Math.random() < 0.95) body.text = pick([...strings, 'x'.repeat(10_001), 3])
      if (Math.random() < 0.2) body.mentions = pick([[], ['u1'], [''], 'u1', [1]])
      frame.body = Math.random() < 0.95 ? body : pick([null, [], 'text'])
      const fast = fastSendFrame(frame)
      const schema = schemaAnswer(frame)
      if (fast !== undefined) {
        takenFast++
        expect(fast).toStrictEqual(schema)
      } else if (frame.type === 'message.send' && !('ext' in frame)) {
        // A frame the schema accepts in the shapes generated here is one the fast path should have taken.
        expect(schema === undefined || (body.type as string) !== 'text' || typeof frame.body !== 'object').toBe(true)
      }
    }
    expect(takenFast).toBeGreaterThan(50)
  })

  it('keeps the errors of the schema for refused sends', () => {
    expect(() => decodeFrame(JSON.stringify({ ...valid, body: { type: 'text', text: 'x'.repeat(10_001) } }))).toThrow(
      expect.objectContaining({ code: 'text_too_long', details: { id: 'r1', clientMsgId: 'c-1.a:b_2' } }),
    )
    expect(() => decodeFrame(JSON.stringify({ ...valid, clientMsgId: 'a b' }))).toThrow(expect.objectContaining({ code: 'validation_failed' }))
    expect(decodeFrame(JSON.stringify(valid))).toStrictEqual(ClientFrame.parse(valid))
  })
})
