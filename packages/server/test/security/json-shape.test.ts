import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RawClient } from '../helpers/raw-client.js'
import { createUsers, startTestServer, type TestServer } from '../helpers/test-server.js'

// Security review findings 5 (ext nested 5,000 levels → 500) and 15 (a lone surrogate acknowledged,
// then read back as U+FFFD): one shape check runs on every REST body and WebSocket frame.
const deepExt = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`

describe('JSON shape of REST bodies and WebSocket frames', () => {
  let server: TestServer
  let app: { id: string; secret: string }
  let tokens: Record<string, string>
  let groupId: string
  let client: RawClient

  beforeAll(async () => {
    server = await startTestServer()
    app = await server.createApp()
    tokens = await createUsers(server, app, ['ann', 'ben'])
    groupId = (await server.rest('POST', `/api/v1/apps/${app.id}/groups`, { secret: app.secret, body: { name: 'G', ownerId: 'ann', memberIds: ['ben'] } })).body.id
    client = await RawClient.connect(server.url, tokens.ann!)
  })
  afterAll(async () => {
    client?.close()
    await server.close()
  })

  it('refuses ext nested 5,000 levels with 400 validation_failed over REST', async () => {
    const raw = `{"from":"ann","conversationId":"${groupId}","body":{"type":"text","text":"hi"},"ext":${deepExt(5000)}}`
    const answer = await server.rest('POST', `/api/v1/apps/${app.id}/messages`, { secret: app.secret, raw, headers: { 'content-type': 'application/json' } })
    expect(answer.status).toBe(400)
    expect(answer.body.error.code).toBe('validation_failed')
    expect(answer.body.error.message).toMatch(/nested at most/)
  })

  it('refuses a body of more values than the limit before any schema or size check runs', async () => {
    const raw = `{"from":"ann","conversationId":"${groupId}","body":{"type":"text","text":"hi"},"ext":{"a":[${new Array(200_000).fill(0).join(',')}]}}`
    const answer = await server.rest('POST', `/api/v1/apps/${app.id}/messages`, { secret: app.secret, raw, headers: { 'content-type': 'application/json' } })
    expect(answer.status).toBe(400)
    expect(answer.body.error).toMatchObject({ code: 'validation_failed', message: 'ext.a: JSON may hold at most 100000 values.' })
  })

  it('refuses ext nested 5,000 levels with validation_failed over the WebSocket and keeps the connection', async () => {
    client.send(`{"type":"message.send","id":"deep","clientMsgId":"deep-1","conversationId":"${groupId}","body":{"type":"text","text":"hi"},"ext":${deepExt(5000)}}`)
    const answer = await client.waitFor((frame) => frame.id === 'deep')
    expect(answer.type).toBe('error')
    expect(answer.code).toBe('validation_failed')
    expect((await client.sendMessage(groupId, 'still here')).type).toBe('ack')
  })

  it('refuses a lone surrogate in a user name and in message text (REST and WebSocket)', async () => {
    const name = await server.rest('POST', `/api/v1/apps/${app.id}/users`, { secret: app.secret, raw: '{"id":"carl","name":"C\\ud800rl"}', headers: { 'content-type': 'application/json' } })
    expect(name.status).toBe(400)
    expect(name.body.error.code).toBe('validation_failed')
    expect((await server.rest('GET', `/api/v1/apps/${app.id}/users/carl`, { secret: app.secret })).status).toBe(404)

    const sent = await client.sendMessage(groupId, 'bad \udc00 text')
    expect(sent.type).toBe('error')
    expect(sent.code).toBe('validation_failed')

    const group = await server.rest('POST', `/api/v1/apps/${app.id}/groups`, { secret: app.secret, raw: '{"name":"G\\udbff","ownerId":"ann"}', headers: { 'content-type': 'application/json' } })
    expect(group.status).toBe(400)
    expect(group.body.error.code).toBe('validation_failed')
    const rename = await client.request({ type: 'group.update', conversationId: groupId, name: 'x\ud800' })
    expect(rename).toMatchObject({ type: 'error', code: 'validation_failed' })
    const extString = await client.request({ type: 'message.send', clientMsgId: 'lone-ext', conversationId: groupId, body: { type: 'text', text: 'ok' }, ext: { note: 'a\udfffb' } })
    expect(extString).toMatchObject({ type: 'error', code: 'validation_failed' })
    const extKey = await client.request({ type: 'message.send', clientMsgId: 'lone-key', conversationId: groupId, body: { type: 'text', text: 'ok' }, ext: { 'k\ud800': 1 } })
    expect(extKey).toMatchObject({ type: 'error', code: 'validation_failed' })
  })

  it('accepts well-formed astral characters and moderate nesting', async () => {
    const named = await server.rest('POST', `/api/v1/apps/${app.id}/users`, { secret: app.secret, body: { id: 'dora', name: 'Dora 🐦 𠀀' } })
    expect(named.status).toBe(201)
    expect(named.body.name).toBe('Dora 🐦 𠀀')
    const ok = await client.request({ type: 'message.send', clientMsgId: 'nested-ok', conversationId: groupId, body: { type: 'text', text: '🐦' }, ext: JSON.parse(deepExt(10)) })
    expect(ok.type).toBe('ack')
  })
})
