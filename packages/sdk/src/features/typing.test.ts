import type { ClientFrame } from '@warbler/protocol'
import { afterEach, beforeEach, expect, it, vi } from 'vitest'
import { TYPING_AUTO_STOP_MS, TYPING_REPEAT_MS, Typing } from './typing.js'

let sent: ClientFrame[]
let typing: Typing
beforeEach(() => {
  vi.useFakeTimers()
  sent = []
  typing = new Typing({ request: () => Promise.reject(new Error('unused')), send: (frame) => (sent.push(frame), true), applyConversation: () => {} })
})
afterEach(() => vi.useRealTimers())

it('tells the server once per repeat interval while typing, and stops on its own after silence', () => {
  typing.start('c1')
  typing.start('c1')
  expect(sent).toEqual([{ type: 'typing', conversationId: 'c1', active: true }])
  vi.advanceTimersByTime(TYPING_REPEAT_MS)
  typing.start('c1')
  expect(sent).toHaveLength(2)
  vi.advanceTimersByTime(TYPING_AUTO_STOP_MS)
  expect(sent.at(-1)).toEqual({ type: 'typing', conversationId: 'c1', active: false })
  expect(typing.isTyping('c1')).toBe(false)
})

it('stop sends one stop, and nothing when not typing', () => {
  typing.stop('c1')
  expect(sent).toEqual([])
  typing.start('c1')
  typing.stop('c1')
  typing.stop('c1')
  expect(sent.map((frame) => (frame as { active: boolean }).active)).toEqual([true, false])
})
