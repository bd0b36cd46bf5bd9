import { describe, expect, it } from 'vitest'
import { asksForPerson } from './handoff-phrases.js'
import { DEFAULT_HANDOFF_PHRASES } from './support-settings.js'

describe('asksForPerson', () => {
  it('finds the default phrases in Chinese and English', () => {
    for (const text of ['转人工', '我要转人工！', '人工客服在吗', 'Human please', 'I want to talk to a person', 'AGENT', 'can I get a real   person?']) {
      expect(asksForPerson(text, DEFAULT_HANDOFF_PHRASES), text).toBe(true)
    }
  })

  it('does not fire on parts of words, other words, or a long message mentioning one in passing', () => {
    expect(asksForPerson('reagents and humanity', DEFAULT_HANDOFF_PHRASES)).toBe(false)
    expect(asksForPerson('How do I reset my password?', DEFAULT_HANDOFF_PHRASES)).toBe(false)
    expect(asksForPerson(`My travel agent booked the flight ${'and then '.repeat(12)}`, DEFAULT_HANDOFF_PHRASES)).toBe(false)
  })

  it('uses the configured phrases only', () => {
    expect(asksForPerson('operator!', ['operator'])).toBe(true)
    expect(asksForPerson('转人工', ['operator'])).toBe(false)
  })
})
