import type { Message } from '@warbler/sdk'
import { describe, expect, it } from 'vitest'
import { copyableText } from './copy-message.js'

const message = (patch: Partial<Message>): Message => ({ conversationId: 'c1', seq: 2, ts: 1, senderId: 'bob', kind: 'message', status: 'final', body: { type: 'text', text: 'Meet at **noon**' }, ...patch })

describe('what "Copy" copies', () => {
  it('the text of a text message, as written', () => {
    expect(copyableText(message({}))).toBe('Meet at **noon**')
  })

  it('nothing for files, notices, recalled or deleted messages', () => {
    expect(copyableText(message({ body: { type: 'file', fileId: 'f1', name: 'a.pdf', mime: 'application/pdf', size: 3 } }))).toBeUndefined()
    expect(copyableText(message({ kind: 'member', body: undefined }))).toBeUndefined()
    expect(copyableText(message({ recalledAt: 5 }))).toBeUndefined()
    expect(copyableText(message({ hidden: true }))).toBeUndefined()
    expect(copyableText(message({ body: { type: 'text', text: '' } }))).toBeUndefined()
  })
})
