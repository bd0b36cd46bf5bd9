import { describe, expect, it } from 'vitest'
import { insertMention, matchMembers, mentionQueryAt, mentionsIn } from './mentions.js'

const members = [
  { id: 'assistant', name: 'Assistant' },
  { id: 'alice', name: 'Alice' },
  { id: 'bob', name: 'Bob Stone' },
  { id: 'wang', name: '王小明' },
]

describe('mentions in the composer', () => {
  it('finds the @word at the caret, not inside an e-mail address', () => {
    expect(mentionQueryAt('hi @as', 6)).toEqual({ start: 3, query: 'as' })
    expect(mentionQueryAt('@', 1)).toEqual({ start: 0, query: '' })
    expect(mentionQueryAt('mail bob@example.com', 20)).toBeUndefined()
    expect(mentionQueryAt('hi @as and more', 15)).toBeUndefined()
    expect(mentionQueryAt('问一下 @王', 6)).toEqual({ start: 4, query: '王' })
  })

  it('lists prefix matches first, then word and inner matches; nothing for no match', () => {
    expect(matchMembers(members, 'a').map((member) => member.id)).toEqual(['alice', 'assistant'])
    expect(matchMembers(members, 'sto').map((member) => member.id)).toEqual(['bob'])
    expect(matchMembers(members, 'ist').map((member) => member.id)).toEqual(['assistant'])
    expect(matchMembers(members, '小明').map((member) => member.id)).toEqual(['wang'])
    expect(matchMembers(members, 'zz')).toEqual([])
    expect(matchMembers(members, '')).toHaveLength(4)
  })

  it('inserts the name, and sends only mentions still in the text', () => {
    const { text, caret } = insertMention('hey @as', 7, 4, members[0]!)
    expect(text).toBe('hey @Assistant ')
    expect(caret).toBe(15)
    expect(mentionsIn(`${text}how do I deploy?`, [members[0]!, members[2]!])).toEqual(['assistant'])
    expect(mentionsIn('no mention left', [members[0]!])).toEqual([])
  })
})
