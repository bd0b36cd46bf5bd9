import { describe, expect, it } from 'vitest'
import { wordDiff } from './word-diff.js'

describe('word diff of two answers', () => {
  it('marks the words only the second answer has, in English and Chinese', () => {
    expect(wordDiff('It is free.', 'It is ¥99 a month.')).toEqual([{ text: 'It is ', changed: false }, { text: '¥99 a month.', changed: true }])
    expect(wordDiff('专业版每月九十九元', '专业版每月99元')).toEqual([{ text: '专业版每月', changed: false }, { text: '99', changed: true }, { text: '元', changed: false }])
    expect(wordDiff('same words', 'Same words')).toEqual([{ text: 'Same words', changed: false }])
    expect(wordDiff('', 'new')).toEqual([{ text: 'new', changed: true }])
  })
})
