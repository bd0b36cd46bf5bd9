import { describe, expect, it } from 'vitest'
import { eachItem, type Page } from './pages.js'

function pagesOf(all: number[], size: number) {
  const asked: (string | undefined)[] = []
  const fetchPage = async (cursor: string | undefined): Promise<Page<number>> => {
    asked.push(cursor)
    const start = cursor === undefined ? 0 : Number(cursor)
    const items = all.slice(start, start + size)
    return { items, next: start + size < all.length ? String(start + size) : null }
  }
  return { asked, fetchPage }
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const item of items) out.push(item)
  return out
}

describe('eachItem', () => {
  it('walks every page in order, passing each next back as the cursor', async () => {
    const { asked, fetchPage } = pagesOf([1, 2, 3, 4, 5, 6, 7], 3)
    expect(await collect(eachItem(fetchPage))).toEqual([1, 2, 3, 4, 5, 6, 7])
    expect(asked).toEqual([undefined, '3', '6'])
  })

  it('stops at maxPages, on an empty list, and when a cursor repeats', async () => {
    expect(await collect(eachItem(pagesOf([1, 2, 3, 4, 5], 2).fetchPage, { maxPages: 2 }))).toEqual([1, 2, 3, 4])
    expect(await collect(eachItem(pagesOf([], 2).fetchPage))).toEqual([])
    let calls = 0
    const stuck = async (): Promise<Page<string>> => ({ items: [`page ${++calls}`], next: 'same' })
    expect(await collect(eachItem(stuck))).toEqual(['page 1', 'page 2'])
  })
})
