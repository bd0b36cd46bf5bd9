import { expect, it } from 'vitest'
import { SendFrame } from './frames.js'
import { errorCodeForIssue } from './issue-code.js'
import { SendMessageRequest } from './rest.js'

it('gives a too-long message text the same code in a REST body and in a WebSocket frame', () => {
  const body = { type: 'text', text: 'x'.repeat(10_001) }
  const rest = SendMessageRequest.safeParse({ from: 'alice', to: 'bob', body })
  const frame = SendFrame.safeParse({ type: 'message.send', clientMsgId: 'c1', conversationId: 'cnv_1', body })
  expect(errorCodeForIssue(rest.error?.issues[0])).toBe('text_too_long')
  expect(errorCodeForIssue(frame.error?.issues[0])).toBe('text_too_long')
  expect(errorCodeForIssue(SendMessageRequest.safeParse({ from: 'alice', to: 'bob', body: { type: 'text', text: '' } }).error?.issues[0])).toBe('validation_failed')
  expect(errorCodeForIssue({ code: 'too_big', path: ['name'] })).toBe('validation_failed')
  expect(errorCodeForIssue(undefined)).toBe('validation_failed')
})
