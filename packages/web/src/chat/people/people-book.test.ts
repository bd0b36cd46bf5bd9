import { describe, expect, it } from 'vitest'
import type { Person } from '@warbler/protocol'
import { PeopleBook } from './people-book.js'

const person = (id: string, isBot = false): Person => ({ id, name: id.toUpperCase(), avatarUrl: null, isBot })

describe('PeopleBook', () => {
  it('asks for each unknown id once, in batches of 100, and tells subscribers when profiles arrive', async () => {
    const asked: string[][] = []
    const book = new PeopleBook(async (ids) => {
      asked.push([...ids])
      return ids.filter((id) => !id.startsWith('gone')).map((id) => person(id, id === 'helper'))
    })
    let changes = 0
    book.subscribe(() => changes++)
    const many = Array.from({ length: 150 }, (_, index) => `user${index}`)
    await book.want(['helper', 'gone1', ...many])
    expect(asked.map((batch) => batch.length)).toEqual([100, 52])
    expect(book.get('helper')).toEqual({ id: 'helper', name: 'HELPER', avatarUrl: null, isBot: true })
    expect(book.get('gone1')).toBeUndefined()
    await book.want(['helper', 'gone1', 'user3'])
    expect(asked).toHaveLength(2)
    expect(changes).toBe(2)
    book.remember([person('helper', true)])
    expect(changes).toBe(2)
    book.remember([{ ...person('helper', true), name: 'Helper' }])
    expect(changes).toBe(3)
    expect(book.version()).toBe(3)
  })

  it('asks again later for ids whose lookup failed', async () => {
    let fail = true
    const book = new PeopleBook(async (ids) => {
      if (fail) throw new Error('offline')
      return ids.map((id) => person(id))
    })
    await book.want(['bob'])
    expect(book.get('bob')).toBeUndefined()
    fail = false
    await book.want(['bob'])
    expect(book.get('bob')?.name).toBe('BOB')
  })
})
