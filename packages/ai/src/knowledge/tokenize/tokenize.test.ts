import { describe, expect, it } from 'vitest'
import { segmentedIndexText, simpleIndexText, toIndexText, toQueryTerms } from './tokenize.js'

const tokens = (text: string) => new Set(toIndexText(text).split(' '))

describe('toIndexText', () => {
  it('finds a two-character word inside a long run of Hanzi', () => {
    const indexed = tokens('中华人民共和国国务院总理李克强出席了今天的新闻发布会')
    for (const term of toQueryTerms('总理')) expect(indexed.has(term.term)).toBe(true)
    for (const term of toQueryTerms('发布')) expect(indexed.has(term.term)).toBe(true)
  })

  it('makes single Hanzi searchable and keeps numbers and Latin words', () => {
    const indexed = tokens('北京大学成立于1898年，英文名Peking University')
    expect(indexed.has('京')).toBe(true)
    expect(indexed.has('1898')).toBe(true)
    for (const term of toQueryTerms('Peking University')) expect(indexed.has(term.term)).toBe(true)
  })

  it('is a plain space-joined string a whitespace tokenizer can index as is', () => {
    const text = toIndexText('Hello, 世界! «quoted» e-mail')
    expect(text).toMatch(/^[\p{L}\p{N}]+( [\p{L}\p{N}]+)*$/u)
  })

  it('folds English plurals and -ing/-ed so the query and the text meet', () => {
    const indexed = tokens('The rivers were flooding the valleys')
    for (const term of toQueryTerms('river flooded valley')) expect(indexed.has(term.term)).toBe(true)
  })
})

describe('toQueryTerms', () => {
  it('drops question words and function words', () => {
    const terms = toQueryTerms('黑豹队的防守丢了多少分？').map((term) => term.term)
    expect(terms).toContain('黑豹')
    expect(terms).toContain('防守')
    expect(terms).not.toContain('多少')
    const english = toQueryTerms('How many points did the Panthers defense surrender?').map((term) => term.term)
    expect(english).toEqual(['point', 'panther', 'defense', 'surrender'])
  })

  it('drops stop words Intl.Segmenter keeps inside a longer word, so they join no bigram', () => {
    // Intl.Segmenter: 105/人/事件/指/的是/什么 and 金华/市/是/什么时候/设立/的.
    expect(toQueryTerms('105人事件指的是什么？').map((term) => term.term)).toEqual(['105', '人事', '事件', '件指'])
    expect(toQueryTerms('金华市是什么时候设立的？').map((term) => term.term)).toEqual(['金华', '华市', '设立'])
  })

  it('keeps the words of a query made only of stop words rather than searching for nothing', () => {
    expect(toQueryTerms('what is it').length).toBeGreaterThan(0)
  })
})

describe('the simple-script fast path', () => {
  // Letters, digits, marks, punctuation and symbols below U+0590 that word segmentation treats specially.
  // Not `_` or the soft hyphen: ICU drops "c_" as not word-like, the fast path keeps it (on purpose).
  const alphabet = [...`abcXYZ019 -.'’,:;!?@#&/\\"()ªºµßæøåéüñçÀʼˆ˜ʰˇ̧̀́̈ͰͱάΩωабвЖЁёјԱաֆ\t\n\u00a0`]
  const randomText = (random: () => number) =>
    Array.from({ length: 1 + Math.floor(random() * 24) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('')

  it('gives what Intl.Segmenter gives for text in scripts below U+0590 without combining marks', () => {
    let seed = 7
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31)
    for (let i = 0; i < 20_000; i++) {
      const normalized = randomText(random).normalize('NFKC').toLowerCase()
      if (!/^[\u0000-\u02ff\u0370-\u058f]*$/.test(normalized)) continue
      expect(simpleIndexText(normalized), JSON.stringify(normalized)).toBe(segmentedIndexText(normalized))
    }
    for (const sample of ["don't stop", '3.14 apples', 'snake_case', 'naïve café', 'Ελληνικά κείμενο', 'Привет, мир', 'e-mail: a@b.co'])
      expect(toIndexText(sample)).toBe(segmentedIndexText(sample.normalize('NFKC').toLowerCase()))
  })

  it('keeps a word ending in an underscore on both the index and the query side', () => {
    expect(toIndexText('c_ done')).toBe('c done')
    expect(toQueryTerms('c_').map((term) => term.term)).toEqual(['c'])
  })

  it('still segments other scripts', () => {
    expect(toIndexText('北京大学')).toContain('北京')
    expect(toIndexText('ภาษาไทย')).not.toBe('ภาษาไทย')
  })
})
