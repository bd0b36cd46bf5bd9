import { describe, expect, it } from 'vitest'
import { configFromCreate } from './bot-config.js'
import { triggerReason } from './bot-triggers.js'
import { consecutiveBotTurns } from './loop-guard.js'

describe('bot triggers and the loop guard', () => {
  const config = configFromCreate({ name: 'Helper', triggers: { keywords: ['退款', 'Refund'] } })
  const input = { conversationKind: 'group' as const, senderId: 'alice', text: 'hello', mentions: [] as string[] }

  it('answers direct messages, mentions and keywords, never itself', () => {
    expect(triggerReason('helper', config, { ...input, conversationKind: 'direct' })).toBe('direct')
    expect(triggerReason('helper', config, { ...input, mentions: ['helper'] })).toBe('mention')
    expect(triggerReason('helper', config, { ...input, text: 'how do I get a REFUND?' })).toBe('keyword')
    expect(triggerReason('helper', config, { ...input, text: '我要退款' })).toBe('keyword')
    expect(triggerReason('helper', config, input)).toBeUndefined()
    expect(triggerReason('helper', config, { ...input, senderId: 'helper', conversationKind: 'direct' })).toBeUndefined()
    expect(triggerReason('helper', { ...config, triggers: { ...config.triggers, mention: false } }, { ...input, mentions: ['helper'] })).toBeUndefined()
  })

  it('counts the bot messages in a row ending with the newest', () => {
    const message = (seq: number, senderId: string) => ({ conversationId: 'c', seq, ts: seq, senderId, kind: 'message' as const })
    const isBot = (id: string) => id.startsWith('bot')
    expect(consecutiveBotTurns([message(1, 'alice'), message(2, 'bot-a'), message(3, 'bot-b')], isBot)).toBe(2)
    expect(consecutiveBotTurns([message(3, 'alice'), message(2, 'bot-a')], isBot)).toBe(0)
    expect(consecutiveBotTurns([{ ...message(4, 'alice'), kind: 'member' as const }, message(3, 'bot-a')], isBot)).toBe(1)
  })
})
