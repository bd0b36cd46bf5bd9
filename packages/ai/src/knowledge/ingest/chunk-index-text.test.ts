import { describe, expect, it } from 'vitest'
import type { DocumentChunk } from '../chunk/chunk-document.js'
import { toIndexText } from '../tokenize/tokenize.js'
import { chunkIndexText, NEIGHBOUR_CONTEXT_CHARS } from './chunk-index-text.js'

const chunk = (ordinal: number, text: string, headingPath: string[] = []): DocumentChunk => ({ ordinal, text, headingPath, tokenCount: 10 })
const tokens = (text: string) => new Set(text.split(' '))

describe('chunkIndexText', () => {
  it('indexes a chunk with the title, its headings and the edges of its neighbours', () => {
    const chunks = [chunk(0, 'Harvard was founded in 1636.'), chunk(1, 'Its endowment is 37.6 billion dollars.'), chunk(2, 'The Charles river runs past it.')]
    const indexed = tokens(chunkIndexText('Harvard', chunks, 1))
    for (const word of ['harvard', 'found', '1636', 'endowment', 'past', 'river']) expect(indexed.has(word), word).toBe(true)
  })

  it('takes only the nearest characters of each neighbour', () => {
    const long = 'alpha '.repeat(20) + 'omega'
    const chunks = [chunk(0, long), chunk(1, 'middle'), chunk(2, 'first ' + 'filler '.repeat(20) + 'zulu')]
    const indexed = tokens(chunkIndexText('T', chunks, 1))
    expect(indexed.has('omega')).toBe(true)
    expect(indexed.has('first')).toBe(true)
    expect(indexed.has('zulu')).toBe(false)
    expect(NEIGHBOUR_CONTEXT_CHARS).toBeLessThan(long.length)
  })

  it('does not borrow from another section', () => {
    const chunks = [chunk(0, 'Install with npm.', ['Install']), chunk(1, 'Upgrade by pulling the image.', ['Upgrade'])]
    expect(chunkIndexText('Guide', chunks, 1)).toBe(toIndexText(['Guide', 'Upgrade', '', 'Upgrade by pulling the image.', ''].join('\n')))
  })
})
