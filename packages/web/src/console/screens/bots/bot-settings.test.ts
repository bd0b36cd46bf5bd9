import { describe, expect, it } from 'vitest'
import { listItems, parseTuning, tuningDraft } from './bot-settings.js'

describe('bot tuning settings', () => {
  it('starts from the API defaults and builds a change from typed text', () => {
    const draft = tuningDraft()
    expect(draft).toMatchObject({ direct: true, mention: true, historyTokens: '2000', redactPii: true, temperature: '' })
    const { change, errors } = parseTuning({ ...draft, keywords: 'refund, 退款\ninvoice\nrefund', temperature: '0.3', userDailyTokens: '5000', fallbackModels: 'gpt-4o-mini', historyTokens: '' })
    expect(errors).toEqual({})
    expect(change).toMatchObject({
      triggers: { direct: true, mention: true, keywords: ['refund', '退款', 'invoice'] },
      quotas: { userDailyTokens: 5000 },
      temperature: 0.3,
      maxOutputTokens: null,
      historyTokens: 2000,
      fallbackModels: ['gpt-4o-mini'],
    })
  })
  it('reads an existing bot back into the form', () => {
    const draft = tuningDraft({ triggers: { direct: false, mention: true, keywords: ['a', 'b'] }, quotas: { appMonthlyTokens: 9 }, temperature: 1, historyTokens: 0, toolIds: ['t1'], redactPii: false, provider: { fallbackModels: ['m2'] } })
    expect(draft).toMatchObject({ direct: false, keywords: 'a\nb', appMonthlyTokens: '9', temperature: '1', historyTokens: '0', toolIds: ['t1'], redactPii: false, fallbackModels: 'm2' })
  })
  it('refuses values the API would refuse, each with its reason and limits', () => {
    const { change, errors } = parseTuning({ ...tuningDraft(), temperature: '3', maxOutputTokens: '1.5', userDailyTokens: '0', historyTokens: 'lots', fallbackModels: 'a\nb\nc\nd\ne\nf' })
    expect(change).toBeUndefined()
    expect(errors).toEqual({
      temperature: { key: 'range', min: 0, max: 2 },
      maxOutputTokens: { key: 'whole' },
      userDailyTokens: { key: 'positive' },
      historyTokens: { key: 'number' },
      fallbackModels: { key: 'tooMany', max: 5 },
    })
  })
  it('splits lists on lines and commas, full-width too', () => {
    expect(listItems(' a ,b，c\n\n d ')).toEqual(['a', 'b', 'c', 'd'])
  })
})
