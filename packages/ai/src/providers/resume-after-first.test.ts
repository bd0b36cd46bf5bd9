import { describe, expect, it } from 'vitest'
import { resumeAfterFirst } from './resume-after-first.js'

async function* numbers(log: string[]): AsyncGenerator<number> {
  try {
    for (let value = 1; value <= 3; value++) yield value
  } finally {
    log.push('closed')
  }
}

describe('resumeAfterFirst', () => {
  it('yields the part already read, then the rest', async () => {
    const log: string[] = []
    const iterator = numbers(log)
    const seen: number[] = []
    for await (const value of resumeAfterFirst(await iterator.next(), iterator)) seen.push(value)
    expect(seen).toEqual([1, 2, 3])
    expect(log).toEqual(['closed'])
  })

  it('yields nothing when the first read was the end', async () => {
    const empty = (async function* (): AsyncGenerator<number> {})()
    const seen: number[] = []
    for await (const value of resumeAfterFirst(await empty.next(), empty)) seen.push(value)
    expect(seen).toEqual([])
  })

  it('closes the rest when the reader stops early, even before the first part was taken', async () => {
    for (const taken of [0, 1]) {
      const log: string[] = []
      const iterator = numbers(log)
      const iterable = resumeAfterFirst(await iterator.next(), iterator)
      const reader = iterable[Symbol.asyncIterator]()
      for (let count = 0; count < taken; count++) await reader.next()
      expect(await reader.return?.()).toEqual({ done: true, value: undefined })
      expect(log).toEqual(['closed'])
      expect(await reader.next()).toEqual({ done: true, value: undefined })
    }
  })
})
