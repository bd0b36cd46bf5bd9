import type { Message } from '@warbler/sdk'
import { describe, expect, it } from 'vitest'
import { shouldNotify, type NotifyContext } from './should-notify.js'
import { titleWithUnread } from './tab-title.js'

const message = (patch: Partial<Message> = {}): Message => ({ conversationId: 'c1', seq: 5, ts: 2000, senderId: 'bob', kind: 'message', status: 'final', body: { type: 'text', text: 'hi' }, ...patch }) as Message
const context = (patch: Partial<NotifyContext> = {}): NotifyContext => ({ me: 'alice', activeId: 'c1', focused: false, muted: new Set(), since: 1000, ...patch })

describe('shouldNotify', () => {
  it('notifies a new message from someone else unless its conversation is on screen in a focused tab', () => {
    expect(shouldNotify(message(), context())).toBe(true)
    expect(shouldNotify(message(), context({ focused: true }))).toBe(false)
    expect(shouldNotify(message(), context({ focused: true, activeId: 'c2' }))).toBe(true)
    expect(shouldNotify(message(), context({ activeId: undefined, focused: true }))).toBe(true)
  })

  it('stays quiet for own messages, notices, streams still running, recalled, old and muted ones', () => {
    expect(shouldNotify(message({ senderId: 'alice' }), context())).toBe(false)
    expect(shouldNotify(message({ kind: 'member' }), context())).toBe(false)
    expect(shouldNotify(message({ status: 'streaming' }), context())).toBe(false)
    expect(shouldNotify(message({ recalledAt: 3000 }), context())).toBe(false)
    expect(shouldNotify(message({ ts: 999 }), context())).toBe(false)
    expect(shouldNotify(message(), context({ muted: new Set(['c1']) }))).toBe(false)
  })
})

describe('titleWithUnread', () => {
  it('puts the count in front, capped at 99+', () => {
    expect(titleWithUnread('Warbler', 0)).toBe('Warbler')
    expect(titleWithUnread('Warbler', 3)).toBe('(3) Warbler')
    expect(titleWithUnread('Warbler', 150)).toBe('(99+) Warbler')
  })
})
