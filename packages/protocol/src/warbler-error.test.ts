import { describe, expect, it } from 'vitest'
import { ERROR_CODES, WarblerError, ClientFrame } from './index.js'

describe('WarblerError', () => {
  it('carries its code, status and body', () => {
    const error = new WarblerError('not_member')
    expect(error.status).toBe(403)
    expect(error.message).toBe(ERROR_CODES.not_member.message)
    expect(error.toBody()).toEqual({ error: { code: 'not_member', message: ERROR_CODES.not_member.message } })
  })

  it('is recognised across copies by its marker, not by instanceof', () => {
    const foreign = Object.assign(Object.create(null), { [Symbol.for('warbler.error')]: true })
    expect(WarblerError.isInstance(foreign)).toBe(true)
    expect(WarblerError.isInstance(new Error('x'))).toBe(false)
    expect(WarblerError.isInstance(null)).toBe(false)
  })

  it('rebuilds unknown codes as internal', () => {
    expect(WarblerError.fromBody({ code: 'nope', message: 'm' }).code).toBe('internal')
    expect(WarblerError.fromBody({ code: 'rate_limited' }).code).toBe('rate_limited')
  })
})

describe('ClientFrame', () => {
  it('accepts a well-formed send and refuses a wrong field type', () => {
    const ok = ClientFrame.safeParse({
      type: 'message.send',
      clientMsgId: 'a1',
      conversationId: 'c_1',
      body: { type: 'text', text: 'hi' },
    })
    expect(ok.success).toBe(true)
    const bad = ClientFrame.safeParse({ type: 'message.send', clientMsgId: 5, conversationId: 'c', body: {} })
    expect(bad.success).toBe(false)
  })
})
