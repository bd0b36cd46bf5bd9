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
    ['bidi override', 'sp\u202ea\u202cm'],
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

  it.each([
    ['tag characters', 'sp\u{e0073}am'],
    ['Mongolian vowel separator and combining grapheme joiner', 'sp\u180ea\u034fm'],
    ['a dotted capital I', 'SPİT'],
    ['other control characters', 's\u0001p\u001ba\u007f\u009bm'],
    ['full case folding', 'STRAẞE'],
    ['Cyrillic small letters whose capitals look Latin', 'ѕрам'],
    ['mathematical letters', '𝐬𝐩𝐚𝐦'],
  ])('blocks a word disguised by %s', (_name, disguised) => {
    const settings = { mode: 'block' as const, words: ['spam', 'strasse', 'spit'] }
    expect(() => filter.apply('app7', settings, text(`look: ${disguised}!`))).toThrow(WarblerError)
  })

  it('keeps the marks that make a different word in other scripts', () => {
    const settings = { mode: 'block' as const, words: ['かき', 'กา'] }
    expect(filter.apply('app8', settings, text('がき'))).toEqual(text('がき'))
    expect(filter.apply('app8', settings, text('กี'))).toEqual(text('กี'))
    expect(() => filter.apply('app8', settings, text('か\u0301き'))).toThrow(WarblerError)
  })

  it('masks the marks and invisible characters of a masked word, and keeps what is around it', () => {
    const settings = { mode: 'mask' as const, words: ['spam', '坏蛋'] }
    expect(filter.apply('app9', settings, text('\u200bspam\u0301\u0308 x'))).toEqual(text('\u200b****** x'))
    expect(filter.apply('app9', settings, text('é ｓｐａｍ é'))).toEqual(text('é **** é'))
    expect(filter.apply('app9', settings, text('𠀀坏\u200d蛋𠀀'))).toEqual(text('𠀀***𠀀'))
  })
})
