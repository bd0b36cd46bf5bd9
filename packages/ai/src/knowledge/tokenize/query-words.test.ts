import { describe, expect, it } from 'vitest'
import { textLanguage } from '../retrieve/language-preference.js'
import { queryWords, wordCoverage } from './query-words.js'
import { activeSegmenter, intlSegmenter, segmentWords } from './segment-words.js'

describe('queryWords', () => {
  it('keeps the content words of a Chinese question, as dictionary words, without question words', () => {
    expect(activeSegmenter()).toBe('jieba')
    expect(queryWords('怎么部署集群？').map((word) => word.word)).toEqual(['部署', '集群'])
    expect(queryWords('PDF 最多可以有多少页？').map((word) => [word.word, word.weight])).toEqual([['pdf', 1], ['最', 0.5], ['页', 0.5]])
  })

  it('keeps stemmed English content words and drops mentions and asking words', () => {
    expect(queryWords('@Helper how long do refunds take?').map((word) => word.word)).toEqual(['refund'])
    expect(queryWords('How do I deploy a cluster?').map((word) => word.word)).toEqual(['deploy', 'cluster'])
  })

  it('matches English words at a word start only', () => {
    const words = queryWords('How do I change the oil?')
    expect(wordCoverage('boil the kettle, then change it', words)).toBe(0.5)
    expect(wordCoverage('oil change', words)).toBe(1)
  })
})

describe('segmentation', () => {
  it('re-cuts Chinese runs with jieba and leaves Latin text as Intl.Segmenter cuts it', () => {
    const text = 'Peking University 黑豹队的防守丢了多少分'
    const jieba = segmentWords(text).map((word) => word.segment)
    expect(jieba).toContain('防守')
    expect(jieba.slice(0, 3)).toEqual(intlSegmenter(text).map((word) => word.segment).slice(0, 3))
  })
})

describe('textLanguage', () => {
  it('calls a text Chinese when Han characters carry most of it', () => {
    expect(textLanguage('PDF 最多可以有多少页？')).toBe('zh')
    expect(textLanguage('How do I deploy a cluster with 集群?')).toBe('en')
    expect(textLanguage('')).toBe('en')
  })
})
