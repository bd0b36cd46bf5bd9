import { describe, expect, it } from 'vitest'
import type { EventRecord } from '../storage/storage.js'
import { eventFrameText } from './message-service.js'

describe('eventFrameText', () => {
  it('is the event frame the object spread gave, byte for byte', () => {
    const events = [
      { conversationId: 'c1', seq: 7, senderId: 'ann', kind: 'message', body: { type: 'text', text: 'héllo "世界" 👋\n', mentions: ['ben'] }, ts: 1, ext: { a: [1, { b: null }] } },
      { conversationId: 'c1', seq: 8, senderId: 'ann', kind: 'recall', targetSeq: 7, ts: 2, body: undefined },
      { seq: 1 },
      { body: undefined },
      {},
    ] as unknown as EventRecord[]
    for (const event of events) {
      expect(eventFrameText(event)).toBe(JSON.stringify({ type: 'event', ...event }))
      expect(JSON.parse(eventFrameText(event))).toEqual({ type: 'event', ...JSON.parse(JSON.stringify(event)) })
    }
  })
})
