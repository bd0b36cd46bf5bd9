import { describe, expect, it } from 'vitest'
import type { SearchResult } from '@warbler/ai'
import { mergePassages, stitch } from './merge-passages.js'

const hit = (chunkId: string, text: string, section = ['Webhooks', 'Verifying'], documentId = 'doc1'): SearchResult =>
  ({ chunkId, documentId, knowledgeBaseId: 'kb', title: 'webhooks.md', text, score: 1, headingPath: section }) as SearchResult

describe('mergePassages', () => {
  it('joins overlapping chunks of one section without repeating the overlap', () => {
    const merged = mergePassages([
      hit('c1', 'Compute the HMAC of the raw body and compare it in constant time.'),
      hit('c2', 'compare it in constant time. Reject timestamps older than five minutes.'),
      hit('c3', 'Deliveries retry for 24 hours.', ['Webhooks', 'Retries']),
    ])
    expect(merged.map((result) => result.chunkId)).toEqual(['c1', 'c3'])
    expect(merged[0]!.text).toBe('Compute the HMAC of the raw body and compare it in constant time. Reject timestamps older than five minutes.')
  })

  it('keeps chunks of different documents or sections apart, and marks a gap between distant chunks', () => {
    expect(mergePassages([hit('a', 'one', ['A']), hit('b', 'two', ['B']), hit('c', 'three', ['A'], 'doc2')])).toHaveLength(3)
    expect(stitch('first paragraph here.', 'an unrelated later paragraph.')).toBe('first paragraph here.\n…\nan unrelated later paragraph.')
    expect(stitch('contains the whole next one', 'the whole next')).toBe('contains the whole next one')
  })
})
