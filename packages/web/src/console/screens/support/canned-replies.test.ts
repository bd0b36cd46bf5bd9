import { describe, expect, it } from 'vitest'
import { insertCanned, matchCanned, shortcutAt } from './canned-replies.js'

const replies = [
  { id: '1', shortcut: 'refund', text: 'Your refund is on its way: 3–5 business days.', createdAt: 0, updatedAt: 0 },
  { id: '2', shortcut: 'hello', text: 'Hello! How can I help?', createdAt: 0, updatedAt: 0 },
  { id: '3', shortcut: 'hours', text: 'We are open 9:00–18:00 (UTC+8).', createdAt: 0, updatedAt: 0 },
  { id: '4', shortcut: '退款', text: '退款将在 3–5 个工作日内到账。', createdAt: 0, updatedAt: 0 },
]

describe('canned replies', () => {
  it('finds the /shortcut being typed at the caret, at the start or after a space', () => {
    expect(shortcutAt('/ref')).toEqual({ start: 0, query: 'ref' })
    expect(shortcutAt('Hi there /ho')).toEqual({ start: 9, query: 'ho' })
    expect(shortcutAt('line one\n/')).toEqual({ start: 9, query: '' })
    expect(shortcutAt('/退')).toEqual({ start: 0, query: '退' })
    expect(shortcutAt('see https://example.com/ref')).toBeUndefined()
    expect(shortcutAt('/ref done')).toBeUndefined()
    expect(shortcutAt('/ref done', 4)).toEqual({ start: 0, query: 'ref' })
  })

  it('matches shortcut prefixes first, then shortcuts and texts that contain the query', () => {
    expect(matchCanned(replies, 'h').map((reply) => reply.shortcut)).toEqual(['hello', 'hours'])
    expect(matchCanned(replies, 'ur').map((reply) => reply.shortcut)).toEqual(['refund', 'hours'])
    expect(matchCanned(replies, '退').map((reply) => reply.shortcut)).toEqual(['退款'])
    expect(matchCanned(replies, '').length).toBe(4)
    expect(matchCanned(replies, 'zzz')).toEqual([])
  })

  it('replaces the /shortcut with the text and puts the caret after it', () => {
    const draft = 'Thanks! /ref'
    const at = shortcutAt(draft)!
    expect(insertCanned(draft, at, replies[0]!)).toEqual({ text: `Thanks! ${replies[0]!.text}`, caret: 8 + replies[0]!.text.length })
    const middle = '/he and more'
    expect(insertCanned(middle, shortcutAt(middle, 3)!, replies[1]!, 3).text).toBe('Hello! How can I help? and more')
  })
})
