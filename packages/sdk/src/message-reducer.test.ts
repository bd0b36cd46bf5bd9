import type { ConversationEvent } from '@warbler/protocol'
import { describe, expect, it } from 'vitest'
import { applyUpdate, foldEvents, hideMessage } from './message-reducer.js'

const base = { conversationId: 'c', senderId: 'bob' }
const text = (t: string) => ({ type: 'text' as const, text: t })

describe('message reducer', () => {
  it('folds edits, recalls and reactions of a page into its messages', () => {
    const events: ConversationEvent[] = [
      { ...base, seq: 1, ts: 1, kind: 'message', body: text('helo') },
      { ...base, seq: 2, ts: 2, kind: 'message', body: text('oops') },
      { ...base, seq: 3, ts: 3, kind: 'edit', targetSeq: 1, body: text('hello') },
      { ...base, seq: 4, ts: 4, kind: 'recall', targetSeq: 2 },
      { ...base, seq: 5, ts: 5, senderId: 'alice', kind: 'reaction', targetSeq: 1, data: { emoji: '❤️' } },
      { ...base, seq: 6, ts: 6, senderId: 'carol', kind: 'reaction', targetSeq: 1, data: { emoji: '❤️' } },
      { ...base, seq: 7, ts: 7, senderId: 'alice', kind: 'reaction', targetSeq: 1, data: { emoji: '❤️', remove: true } },
      { ...base, seq: 8, ts: 8, kind: 'member', data: { joined: 'dave' } },
    ]
    const messages = foldEvents(events)
    expect(messages.map((m) => m.seq)).toEqual([1, 2, 8])
    expect(messages[0]).toMatchObject({ body: text('hello'), editedAt: 3, reactions: { '❤️': ['carol'] } })
    expect(messages[1]!.body).toBeUndefined()
    expect(messages[1]!.recalledAt).toBe(4)
    expect(messages[2]).toMatchObject({ kind: 'member', data: { joined: 'dave' } })
  })

  it('the edit that ends a bot stream makes the message final without marking it edited', () => {
    const streaming = foldEvents([{ ...base, seq: 1, ts: 1, kind: 'message', body: text('…'), status: 'streaming' }])[0]!
    const final = applyUpdate(streaming, { ...base, seq: 2, ts: 9, kind: 'edit', targetSeq: 1, body: text('Full answer'), status: 'final' })
    expect(final).toMatchObject({ status: 'final', body: text('Full answer') })
    expect(final.editedAt).toBeUndefined()
  })

  it('a history page (the answer as it is now, final, and the edit that ended its stream) does not mark it edited', () => {
    const [answer] = foldEvents([
      { ...base, seq: 1, ts: 1, kind: 'message', body: text('Full answer'), status: 'final' },
      { ...base, seq: 2, ts: 9, kind: 'edit', targetSeq: 1, body: text('Full answer'), status: 'final' },
    ])
    expect(answer).toMatchObject({ status: 'final', body: text('Full answer') })
    expect(answer!.editedAt).toBeUndefined()
  })

  it('a later edit of the finished answer is an edit', () => {
    const streaming = foldEvents([{ ...base, seq: 1, ts: 1, kind: 'message', body: text('…'), status: 'streaming' }])[0]!
    const final = applyUpdate(streaming, { ...base, seq: 2, ts: 9, kind: 'edit', targetSeq: 1, body: text('Full answer'), status: 'final' })
    const edited = applyUpdate(final, { ...base, seq: 3, ts: 12, kind: 'edit', targetSeq: 1, body: text('Fuller answer') })
    expect(edited).toMatchObject({ status: 'final', body: text('Fuller answer'), editedAt: 12 })
  })

  it('an update of an unknown message gives a partial message', () => {
    const message = applyUpdate(undefined, { ...base, seq: 9, ts: 9, kind: 'edit', targetSeq: 4, body: text('new') })
    expect(message).toMatchObject({ seq: 4, partial: true, body: text('new'), editedAt: 9 })
  })

  it('the stream-ending edit of a message not seen before is not an edit either', () => {
    const message = applyUpdate(undefined, { ...base, seq: 9, ts: 9, kind: 'edit', targetSeq: 4, body: text('Full answer'), status: 'final' })
    expect(message).toMatchObject({ seq: 4, partial: true, status: 'final', body: text('Full answer') })
    expect(message.editedAt).toBeUndefined()
  })

  it('takes the state history reports (edited, recalled, reactions, reply, hidden) and keeps hidden messages bodiless', () => {
    const [edited, recalled, hidden] = foldEvents([
      { ...base, seq: 1, ts: 1, kind: 'message', body: text('fixed'), editedAt: 5, reactions: { '👍': ['alice'] }, replyToSeq: 0 + 1 },
      { ...base, seq: 2, ts: 2, kind: 'message', recalledAt: 6 },
      { ...base, seq: 3, ts: 3, kind: 'message', hidden: true },
    ])
    expect(edited).toMatchObject({ body: text('fixed'), editedAt: 5, reactions: { '👍': ['alice'] }, replyToSeq: 1 })
    expect(recalled).toMatchObject({ recalledAt: 6 })
    expect(recalled!.body).toBeUndefined()
    const edit = applyUpdate(hidden, { ...base, seq: 4, ts: 7, kind: 'edit', targetSeq: 3, body: text('new text') })
    expect(edit.body).toBeUndefined()
    const gone = hideMessage({ ...edited! })
    expect(gone).toMatchObject({ seq: 1, hidden: true })
    expect(gone.body).toBeUndefined()
    expect(gone.reactions).toBeUndefined()
  })

  it('ignores reaction events without an emoji', () => {
    const message = foldEvents([{ ...base, seq: 1, ts: 1, kind: 'message', body: text('hi') }])[0]!
    expect(applyUpdate(message, { ...base, seq: 2, ts: 2, kind: 'reaction', targetSeq: 1, data: { key: 'x' } }).reactions).toBeUndefined()
  })
})
