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

  // Security review finding 9: each of these used to pass the filter.
  it.each([
    ['zero-width space', 'sp\u200bam'],
    ['zero-width joiner and non-joiner', 's\u200dp\u200cam'],
    ['word joiner and BOM', 'sp\u2060a\ufeffm'],
    ['soft hyphen', 'sp\u00adam'],
    ['NUL', 'sp\u0000am'],
    ['bidi override', '\u202espam\u202c'],
    ['combining marks', 's\u0301p\u0308a\u0323m'],
    ['Cyrillic look-alikes', 'ѕраm'],
    ['Greek look-alikes', 'ΣPAM'.replace('Σ', 's').replace('P', 'Ρ').replace('A', 'Α')],
    ['upper-case Cyrillic', 'SРАМ'],
    ['full-width with a variation selector', 'ｓ\ufe0fｐａｍ'],
    ['disguised Chinese', '坏\u200b蛋'],
  ])('blocks a word disguised by %s', (_name, disguised) => {
    const settings = { mode: 'block' as const, words: ['spam', '坏蛋'] }
    expect(() => filter.apply('app4', settings, text(`buy ${disguised} now`))).toThrow(WarblerError)
  })

  it('masks the disguised word in the original text, invisible characters included, and nothing else', () => {
    const settings = { mode: 'mask' as const, words: ['spam'] }
    expect(filter.apply('app5', settings, text('buy sp\u200bam, 🐦 ok'))).toEqual(text('buy *****, 🐦 ok'))
    expect(filter.apply('app5', settings, text('ѕраm!'))).toEqual(text('****!'))
    expect(filter.apply('app5', settings, text('spa m is fine'))).toEqual(text('spa m is fine'))
  })

  it('folds the word list the same way', () => {
    expect(() => filter.apply('app6', { mode: 'block', words: ['ѕраm'] }, text('SPAM'))).toThrow(WarblerError)
  })
})
