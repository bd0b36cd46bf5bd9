import { describe, expect, it } from 'vitest'
import { stripMarkdown } from './strip-markdown.js'

describe('stripMarkdown', () => {
  it('keeps the words and drops the markup', () => {
    expect(stripMarkdown('Refunds reach **the original card** within `5` days [1].')).toBe('Refunds reach the original card within 5 days [1].')
    expect(stripMarkdown('# Title\n\n- one\n- two [link](https://x.y)')).toBe('Title one two link')
    expect(stripMarkdown('2 * 3 * 4')).toBe('2 * 3 * 4')
  })
})
