import { describe, expect, it } from 'vitest'
import type { ScoredChunk } from '../store/knowledge-store.js'
import { queryWords } from '../tokenize/query-words.js'
import { boostFieldMatches } from './field-match.js'
import { joinPassages, mergeAdjacentPassages } from './merge-adjacent.js'
import { supportFromNeighbours } from './neighbour-support.js'

function chunk(documentId: string, ordinal: number, score: number, text = `${documentId} ${ordinal}`, extra: Partial<ScoredChunk> = {}): ScoredChunk {
  return { id: `${documentId}-${ordinal}`, documentId, kbId: 'kb', ordinal, title: documentId, text, headingPath: [], tokenCount: 10, score, ...extra }
}

describe('supportFromNeighbours', () => {
  it('lifts a passage whose neighbour in the same document also matches', () => {
    const ranked = supportFromNeighbours([chunk('a', 1, 1), chunk('b', 0, 0.95), chunk('b', 1, 0.9)], 0.2)
    expect(ranked.map((result) => result.id)).toEqual(['b-0', 'b-1', 'a-1'])
    expect(ranked[0]!.score).toBeCloseTo(0.95 + 0.2 * 0.9)
  })

  it('does not count a chunk of another document or one further away', () => {
    const ranked = supportFromNeighbours([chunk('a', 1, 1), chunk('b', 2, 0.9), chunk('c', 3, 0.8)], 0.2)
    expect(ranked.map((result) => result.score)).toEqual([1, 0.9, 0.8])
  })
})

describe('boostFieldMatches', () => {
  it('weights a passage whose title holds the question words over one that only mentions them', () => {
    const words = queryWords('松鸦主要分布在哪里？')
    const ranked = boostFieldMatches([chunk('红腹锉尾蛇', 0, 1, '主要分布于印度'), chunk('松鸦', 0, 0.8, '分布极广泛')], words, 2)
    expect(ranked[0]!.title).toBe('松鸦')
  })

  it('leaves scores alone when no title or heading holds a question word', () => {
    const words = queryWords('How do I deploy a cluster?')
    const ranked = boostFieldMatches([chunk('intro', 0, 1), chunk('faq', 0, 0.5)], words, 2)
    expect(ranked.map((result) => result.score)).toEqual([1, 0.5])
  })
})

describe('mergeAdjacentPassages', () => {
  it('joins neighbouring chunks among the first results into one passage, the overlap shown once', () => {
    const merged = mergeAdjacentPassages([chunk('a', 3, 1, 'One. Two. Three.'), chunk('b', 0, 0.9), chunk('a', 4, 0.8, 'Three. Four.')], 4)
    expect(merged.map((result) => result.text)).toEqual(['One. Two. Three. Four.', 'b 0'])
    expect(merged[0]!.id).toBe('a-3')
    expect(merged[0]!.score).toBe(1)
  })

  it('joins a chunk that comes before the best one in front of it, and chains a run', () => {
    const merged = mergeAdjacentPassages([chunk('a', 5, 1, 'five'), chunk('a', 4, 0.9, 'four'), chunk('a', 6, 0.8, 'six')], 4)
    expect(merged).toHaveLength(1)
    expect(merged[0]!.text).toBe('four\n\nfive\n\nsix')
  })

  it('looks only at the first results and never across sections', () => {
    const results = [chunk('a', 0, 1), chunk('b', 0, 0.9), chunk('c', 0, 0.8), chunk('d', 0, 0.7), chunk('a', 1, 0.6)]
    expect(mergeAdjacentPassages(results, 4)).toHaveLength(5)
    const sections = [chunk('a', 0, 1, 'x', { headingPath: ['Install'] }), chunk('a', 1, 0.9, 'y', { headingPath: ['Upgrade'] })]
    expect(mergeAdjacentPassages(sections, 4)).toHaveLength(2)
  })
})

describe('joinPassages', () => {
  it('removes the repeated sentences of a chunk overlap and keeps a paragraph break otherwise', () => {
    expect(joinPassages('北京大学成立于1898年。初名京师大学堂。', '初名京师大学堂。是中国第一所国立综合性大学。')).toBe('北京大学成立于1898年。初名京师大学堂。是中国第一所国立综合性大学。')
    expect(joinPassages('First part.', 'Second part.')).toBe('First part.\n\nSecond part.')
  })
})
