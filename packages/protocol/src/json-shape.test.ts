import { describe, expect, it } from 'vitest'
import { assertJsonShape, isWellFormedText } from './json-shape.js'

describe('assertJsonShape', () => {
  const deep = (levels: number) => JSON.parse(`${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`)
  const messageOf = (value: unknown, limits = {}) => {
    try {
      assertJsonShape(value, limits)
      return undefined
    } catch (error) {
      return (error as Error).message
    }
  }

  it('takes the deepest nesting allowed and refuses one more, without overflowing on 100,000 levels', () => {
    expect(messageOf(deep(32))).toBeUndefined()
    expect(messageOf(deep(33))).toMatch(/^a(\.a){31}: JSON may be nested at most 32 levels deep\.$/)
    expect(messageOf(deep(100_000))).toMatch(/nested at most 32/)
  })

  it('counts every value, containers included', () => {
    expect(messageOf({ list: [1, 2, 3] }, { maxValues: 5 })).toBeUndefined()
    expect(messageOf({ list: [1, 2, 3, 4] }, { maxValues: 5 })).toBe('list: JSON may hold at most 5 values.')
  })

  it('refuses a lone surrogate in a string or a key, naming where', () => {
    expect(messageOf({ users: [{ name: 'ok' }, { name: 'C\ud800rl' }] })).toBe('users[1].name: text must be well-formed Unicode (a lone surrogate was found).')
    expect(messageOf({ ext: { ['k\udc00']: 1 } })).toMatch(/^ext: keys must be well-formed/)
    expect(messageOf('\ud83d')).toMatch(/^value: /)
    expect(messageOf({ bird: '🐦', han: '𠀀' })).toBeUndefined()
    expect(isWellFormedText('a\ud83d\udc26b')).toBe(true)
    expect(isWellFormedText('\udc26\ud83d')).toBe(false)
  })
})
