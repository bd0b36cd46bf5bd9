import { describe, expect, it } from 'vitest'
import { WarblerError } from '@warbler/protocol'
import { KeywordFilter } from './keyword-filter.js'

describe('KeywordFilter', () => {
  const filter = new KeywordFilter()
  const text = (value: string) => ({ type: 'text' as const, text: value })

  it('blocks a message containing a listed word, whatever its case or width', () => {
    const settings = { mode: 'block' as const, words: ['spam', '坏蛋'] }
    expect(() => filter.apply('app', settings, text('buy SPAM now'))).toThrow(WarblerError)
    expect(() => filter.apply('app', settings, text('ｓｐａｍ'))).toThrow(/not allow/)
    expect(() => filter.apply('app', settings, text('你是坏蛋吗'))).toThrow(WarblerError)
    expect(filter.apply('app', settings, text('perfectly fine'))).toEqual(text('perfectly fine'))
  })

  it('masks every occurrence, overlapping ones too', () => {
    const settings = { mode: 'mask' as const, words: ['bad', 'badge', '坏蛋'] }
    expect(filter.apply('app2', settings, text('Bad badge, 坏蛋!'))).toEqual(text('*** *****, **!'))
  })

  it('leaves non-text bodies and empty lists alone, and follows list changes', () => {
    const image = { type: 'image' as const, url: 'https://example.com/spam.png' }
    expect(filter.apply('app3', { mode: 'block', words: ['spam'] }, image)).toBe(image)
    expect(filter.apply('app3', { mode: 'block', words: [] }, text('spam'))).toEqual(text('spam'))
    expect(() => filter.apply('app3', { mode: 'block', words: ['eggs'] }, text('spam and eggs'))).toThrow(WarblerError)
  })
})
