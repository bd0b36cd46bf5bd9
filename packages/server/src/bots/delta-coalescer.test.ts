import { describe, expect, it } from 'vitest'
import { DeltaCoalescer } from './delta-coalescer.js'

describe('DeltaCoalescer', () => {
  it('sends the first piece at once, batches the rest, and keeps offsets contiguous', async () => {
    const sent: Array<{ text: string; offset: number }> = []
    const coalescer = new DeltaCoalescer(async (text, offset) => void sent.push({ text, offset }), 30)
    coalescer.push('Hel')
    await Promise.resolve()
    expect(sent).toEqual([{ text: 'Hel', offset: 0 }])
    for (const piece of ['lo', ', ', 'wor', 'ld']) coalescer.push(piece)
    expect(sent).toHaveLength(1)
    await new Promise((resolve) => setTimeout(resolve, 60))
    coalescer.push('!')
    await coalescer.flush()
    expect(sent.map((delta) => delta.text).join('')).toBe('Hello, world!')
    expect(sent.length).toBeLessThanOrEqual(3)
    for (let index = 1; index < sent.length; index++) expect(sent[index]!.offset).toBe(sent[index - 1]!.offset + sent[index - 1]!.text.length)
  })
})
