import type { Message } from '@warbler/sdk'
import { describe, expect, it } from 'vitest'
import { givenFromRatings, isBotAnswer } from './answer-feedback-state.js'

const message = (patch: Partial<Message>): Message => ({ conversationId: 'c1', seq: 2, ts: 1, senderId: 'assistant', kind: 'message', status: 'final', body: { type: 'text', text: 'Five days.' }, ...patch })
/** The people directory's answer: `assistant` and `streamer` are bots. */
const isBot = (userId: string) => userId === 'assistant' || userId === 'streamer'

describe('which messages get 👍/👎', () => {
  it('every finished text message of a bot the directory knows, whatever its client id: replies, answers with sources, the welcome greeting', () => {
    expect(isBotAnswer(message({ clientMsgId: 'bot-reply:c1:1' }), isBot)).toBe(true)
    expect(isBotAnswer(message({ ext: { citations: [] } }), isBot)).toBe(true)
    expect(isBotAnswer(message({ clientMsgId: 'welcome:c1' }), isBot)).toBe(true)
    // A bot that posts through the REST API with its own ids.
    expect(isBotAnswer(message({ senderId: 'streamer', clientMsgId: 'c_3f2a' }), isBot)).toBe(true)
  })

  it('not people’s messages (even with a bot-like client id), streaming answers, recalled answers, files or notices', () => {
    expect(isBotAnswer(message({ senderId: 'bob', clientMsgId: 'bot-reply:c1:1' }), isBot)).toBe(false)
    expect(isBotAnswer(message({ senderId: 'bob', ext: { citations: [] } }), isBot)).toBe(false)
    expect(isBotAnswer(message({ status: 'streaming' }), isBot)).toBe(false)
    expect(isBotAnswer(message({ recalledAt: 5 }), isBot)).toBe(false)
    expect(isBotAnswer(message({ body: { type: 'file', fileId: 'f1', name: 'a.pdf', mime: 'application/pdf', size: 3 } }), isBot)).toBe(false)
    expect(isBotAnswer(message({ kind: 'system' }), isBot)).toBe(false)
    // A sender the directory has not answered about yet is not a bot (yet).
    expect(isBotAnswer(message({ senderId: 'helper' }), isBot)).toBe(false)
  })
})

describe('the server’s ratings as the given state', () => {
  it('keys them by conversation and seq, with the reason when there is one', () => {
    expect(givenFromRatings([{ conversationId: 'c1', seq: 4, rating: 'up' }, { conversationId: 'c1', seq: 9, rating: 'down', reason: 'outdated' }])).toEqual({
      'c1:4': { rating: 'up' },
      'c1:9': { rating: 'down', reason: 'outdated' },
    })
  })
})
