import { describe, expect, it } from 'vitest'
import { toCitations } from './citations.js'

describe('toCitations', () => {
  const result = (sourceUrl?: string) => ({ chunkId: 'c', documentId: 'd', knowledgeBaseId: 'k', title: 'T', text: 'x', score: 1, headingPath: [], ...(sourceUrl === undefined ? {} : { sourceUrl }) })

  it('keeps http(s) and own file links of documents, and drops any other scheme', () => {
    const citations = toCitations([result('https://docs.example.com/a'), result('/files/f_1?app=a&exp=1&sig=ab'), result('javascript:alert(1)'), result('data:text/html,x'), result()])
    expect(citations.map((citation) => citation.url)).toEqual(['https://docs.example.com/a', '/files/f_1?app=a&exp=1&sig=ab', undefined, undefined, undefined])
    expect(citations.map((citation) => citation.index)).toEqual([1, 2, 3, 4, 5])
  })
})
