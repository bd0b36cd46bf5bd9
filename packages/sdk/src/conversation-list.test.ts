import { describe, expect, it } from 'vitest'
import { ConversationList } from './conversation-list.js'
import type { Message } from './types.js'

function message(conversationId: string, seq: number, senderId: string, ts = seq * 10): Message {
  return { conversationId, seq, ts, senderId, kind: 'message', status: 'final', body: { type: 'text', text: `m${seq}` } }
}

describe('ConversationList', () => {
  it('sorts by latest activity and shows the last message', () => {
    const list = new ConversationList('me')
    list.applyMessage(message('a', 1, 'bob', 100))
    list.applyMessage(message('b', 1, 'bob', 200))
    expect(list.list().map((row) => row.id)).toEqual(['b', 'a'])
    list.applyMessage(message('a', 2, 'bob', 300))
    expect(list.list().map((row) => row.id)).toEqual(['a', 'b'])
    expect(list.get('a')?.lastMessage?.seq).toBe(2)
  })

  it('counts messages from others after readSeq, never own messages', () => {
    const list = new ConversationList('me')
    list.applyCursor({ conversationId: 'a', kind: 'direct', lastSeq: 3, readSeq: 1 })
    list.applyMessage(message('a', 2, 'bob'))
    list.applyMessage(message('a', 3, 'me'))
    list.applyMessage(message('a', 4, 'bob'))
    expect(list.get('a')?.unreadCount).toBe(2)
    list.applyMessage(message('a', 4, 'bob'))
    expect(list.get('a')?.unreadCount).toBe(2)
  })

  it('markRead recounts exactly and never moves back', () => {
    const list = new ConversationList('me')
    for (const seq of [1, 2, 3, 4]) list.applyMessage(message('a', seq, 'bob'))
    expect(list.get('a')?.unreadCount).toBe(4)
    expect(list.markRead('a', 2)).toBe(true)
    expect(list.get('a')?.unreadCount).toBe(2)
    expect(list.markRead('a', 1)).toBe(false)
    expect(list.get('a')?.readSeq).toBe(2)
  })

  it('a read on another device (sync answer) lowers the unread count', () => {
    const list = new ConversationList('me')
    for (const seq of [1, 2, 3]) list.applyMessage(message('a', seq, 'bob'))
    list.applyCursor({ conversationId: 'a', kind: 'direct', lastSeq: 3, readSeq: 3 })
    expect(list.get('a')?.unreadCount).toBe(0)
  })

  it('an edit of the last message updates the row', () => {
    const list = new ConversationList('me')
    list.applyMessage(message('a', 1, 'bob'))
    const edited = { ...message('a', 1, 'bob'), body: { type: 'text' as const, text: 'fixed' } }
    expect(list.applyUpdate(edited, 2)).toBe(true)
    expect(list.get('a')?.lastMessage?.body).toEqual({ type: 'text', text: 'fixed' })
    expect(list.get('a')?.lastSeq).toBe(2)
  })

  it('takes the server list row: unread count, pin (pinned sort first), mute, role; unseen unread stay until read to the end', () => {
    const list = new ConversationList('me')
    list.applyMessage(message('a', 1, 'bob'))
    list.applyMessage(message('b', 1, 'bob'))
    const conversation = { id: 'b', kind: 'group' as const, name: 'B', ownerId: 'x', lastSeq: 9, memberCount: 3, ext: {}, createdAt: 0 }
    list.applyListItem({ conversation, unreadCount: 5, readSeq: 4, lastMessage: null, lastActivityAt: 0, pinned: true, muted: true, role: 'member' }, undefined)
    expect(list.get('b')).toMatchObject({ unreadCount: 5, pinned: true, muted: true, role: 'member', lastSeq: 9 })
    expect(list.list().map((row) => row.id)).toEqual(['b', 'a'])
    list.markRead('b', 6)
    expect(list.get('b')?.unreadCount).toBe(5)
    list.markRead('b', 9)
    expect(list.get('b')?.unreadCount).toBe(0)
    expect(list.applySettings('b', { pinned: false })).toBe(true)
    expect(list.list()[0]?.id).not.toBe('b')
  })
})
