import type { Message } from '@warbler/sdk'
import { describe, expect, it } from 'vitest'
import { isBotAnswer } from './answer-feedback-state.js'

const message = (patch: Partial<Message>): Message => ({ conversationId: 'c1', seq: 2, ts: 1, senderId: 'assistant', kind: 'message', status: 'final', body: { type: 'text', text: 'Five days.' }, ...patch })

describe('which messages get 👍/👎', () => {
  it('bot replies (by their client id) and answers with sources', () => {
    expect(isBotAnswer(message({ clientMsgId: 'bot-reply:c1:1' }))).toBe(true)
    expect(isBotAnswer(message({ ext: { citations: [] } }))).toBe(true)
  })

  it('not people’s messages, greetings, recalled answers or files', () => {
    expect(isBotAnswer(message({ clientMsgId: 'c_3f2a' }))).toBe(false)
    expect(isBotAnswer(message({ clientMsgId: 'welcome:c1' }))).toBe(false)
    expect(isBotAnswer(message({ clientMsgId: 'bot-reply:c1:1', recalledAt: 5 }))).toBe(false)
    expect(isBotAnswer(message({ clientMsgId: 'bot-reply:c1:1', body: { type: 'file', fileId: 'f1', name: 'a.pdf', mime: 'application/pdf', size: 3 } }))).toBe(false)
    expect(isBotAnswer(message({ clientMsgId: 'bot-reply:c1:1', kind: 'system' }))).toBe(false)
  })
})
