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

  describe('recalled messages leave the unread count, as the server counts', () => {
    const recalled = (m: Message): Message => {
      const { body: _body, ...rest } = m
      return { ...rest, recalledAt: m.ts + 1 }
    }
    const conversation = { id: 'g', kind: 'group' as const, name: 'G', ownerId: 'x', lastSeq: 6, memberCount: 3, ext: {}, createdAt: 0 }
    const serverRow = (unreadCount: number) =>
      ({ conversation, unreadCount, readSeq: 2, lastMessage: null, lastActivityAt: 0, pinned: false, muted: false, role: 'member' as const })

    it('a live recall of an unread message, by its sender or an admin, lowers the count; reading recounts without it', () => {
      const list = new ConversationList('me')
      for (const seq of [1, 2, 3]) list.applyMessage(message('a', seq, 'bob'))
      expect(list.applyRecall(recalled(message('a', 2, 'bob')), 4)).toBe(true)
      expect(list.get('a')).toMatchObject({ unreadCount: 2, unreadSeqs: [1, 3] })
      // a second report of the same recall changes nothing
      expect(list.applyRecall(recalled(message('a', 2, 'bob')), 4)).toBe(false)
      list.markRead('a', 1)
      expect(list.get('a')?.unreadCount).toBe(1)
    })

    it('a recall of a read or own message changes nothing', () => {
      const list = new ConversationList('me')
      list.applyMessage(message('a', 1, 'bob'))
      list.applyMessage(message('a', 2, 'me'))
      list.markRead('a', 1)
      expect(list.applyRecall(recalled(message('a', 1, 'bob')), 3)).toBe(false)
      expect(list.applyRecall(recalled(message('a', 2, 'me')), 4)).toBe(false)
      expect(list.get('a')?.unreadCount).toBe(0)
    })

    it('a message already recalled when the SDK first sees it (sync, history) is not counted', () => {
      const list = new ConversationList('me')
      list.applyMessage(recalled(message('a', 1, 'bob')))
      list.applyMessage(message('a', 2, 'bob'))
      expect(list.get('a')).toMatchObject({ unreadCount: 1, unreadSeqs: [2] })
    })

    it('the server count is not lowered again for a recall it already left out, but is for a later one', () => {
      const list = new ConversationList('me')
      // server: 3 unread among seqs 3..6 (one of them was recalled at seq 6)
      list.applyListItem(serverRow(3), undefined)
      expect(list.get('g')?.unreadCount).toBe(3)
      // the SDK now learns of that recall (seq 6): already left out
      expect(list.applyRecall(recalled(message('g', 4, 'bob')), 6)).toBe(false)
      expect(list.get('g')?.unreadCount).toBe(3)
      // a recall after the count of a message it counted
      expect(list.applyRecall(recalled(message('g', 3, 'bob')), 7)).toBe(true)
      expect(list.get('g')?.unreadCount).toBe(2)
    })

    it('the server count does not keep an unread message the SDK saw recalled (no max with stale seqs)', () => {
      const list = new ConversationList('me')
      for (const seq of [3, 4, 5]) list.applyMessage(message('g', seq, 'bob'))
      list.applyRecall(recalled(message('g', 4, 'bob')), 6)
      list.applyListItem(serverRow(2), undefined)
      expect(list.get('g')?.unreadCount).toBe(2)
      // a message the server had not counted yet comes on top of its count
      list.applyMessage(message('g', 7, 'bob'))
      list.applyListItem(serverRow(2), undefined)
      expect(list.get('g')?.unreadCount).toBe(3)
    })
  })
})
