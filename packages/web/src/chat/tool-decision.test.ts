import { describe, expect, it } from 'vitest'
import { decideToolCall, tokenSubject, toolConfirmData } from './tool-decision.js'

const payload = btoa(JSON.stringify({ app: 'app_1', sub: 'alice' })).replace(/=+$/, '')
const session = { url: 'https://chat.example.com/', token: `h.${payload}.s` }
const data = toolConfirmData({ type: 'custom', customType: 'tool.confirm', data: { toolCallId: 'tc_1', tool: 'cancelOrder', arguments: { orderId: 'A-1' }, summary: 'cancelOrder: POST …' } })!

describe('tool confirmation in the chat app', () => {
  it('reads tool.confirm bodies only', () => {
    expect(data).toEqual({ toolCallId: 'tc_1', tool: 'cancelOrder', arguments: { orderId: 'A-1' }, summary: 'cancelOrder: POST …' })
    expect(toolConfirmData({ type: 'custom', customType: 'other', data: {} })).toBeUndefined()
    expect(tokenSubject(session.token)).toEqual({ appId: 'app_1', userId: 'alice' })
  })

  it('answers with the user token and the arguments shown, and puts refusals in words', async () => {
    const sent: Array<{ url: string; init: RequestInit }> = []
    const answer = (status: number, body: unknown) => (async (url: string, init: RequestInit) => (sent.push({ url, init }), new Response(JSON.stringify(body), { status }))) as unknown as typeof fetch
    expect(await decideToolCall(session, data, true, answer(200, {}))).toBe('approved')
    expect(sent[0]!.url).toBe('https://chat.example.com/api/v1/apps/app_1/tool-calls/tc_1/decision')
    expect(sent[0]!.init.headers).toMatchObject({ authorization: `Bearer ${session.token}` })
    expect(JSON.parse(String(sent[0]!.init.body))).toEqual({ userId: 'alice', approve: true, arguments: { orderId: 'A-1' } })
    expect(await decideToolCall(session, data, false, answer(200, {}))).toBe('declined')
    expect(await decideToolCall(session, data, true, answer(409, { error: { code: 'conflict', message: 'This confirmation has expired; ask the bot again.' } }))).toBe('expired')
    expect(await decideToolCall(session, data, true, answer(409, { error: { code: 'conflict', message: 'This call was approved already.' } }))).toBe('answered')
    expect(await decideToolCall(session, data, true, answer(403, { error: { code: 'forbidden' } }))).toBe('notYours')
    expect(await decideToolCall(session, data, true, answer(500, {}))).toBe('failed')
  })
})
