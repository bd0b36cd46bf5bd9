import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RawClient } from '../helpers/raw-client.js'
import { createUsers, startTestServer, type TestServer } from '../helpers/test-server.js'

// Security review finding 11: message URLs accepted `javascript:` and `data:`, and anyone could attach
// citations (a bot's claim about its sources). Only http(s) and the server's own file URLs pass, and
// only bots may cite.
describe('URLs in messages and who may cite', () => {
  let server: TestServer
  let app: { id: string; secret: string }
  let groupId: string
  let client: RawClient

  beforeAll(async () => {
    server = await startTestServer()
    app = await server.createApp()
    const tokens = await createUsers(server, app, ['ann', 'ben'])
    await server.rest('POST', `/api/v1/apps/${app.id}/users`, { secret: app.secret, body: { id: 'helper-bot', name: 'Helper', kind: 'bot' } })
    groupId = (await server.rest('POST', `/api/v1/apps/${app.id}/groups`, { secret: app.secret, body: { name: 'G', ownerId: 'ann', memberIds: ['ben', 'helper-bot'] } })).body.id
    client = await RawClient.connect(server.url, tokens.ann!)
  })
  afterAll(async () => {
    client?.close()
    await server.close()
  })

  const send = (from: string, body: unknown, ext?: unknown) =>
    server.rest('POST', `/api/v1/apps/${app.id}/messages`, { secret: app.secret, body: { from, conversationId: groupId, body, ...(ext === undefined ? {} : { ext }) } })

  it.each(['javascript:alert(1)', 'JAVASCRIPT:alert(1)', ' javascript:alert(1)', 'java\tscript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'blob:https://x/1', '//evil.example/x.png', 'vbscript:x', '/files/../console', '/files/%2e%2e/console', '/files/a/../../x', '/files/x\\..\\y', '/api/v1/apps', 'https://'])(
    'refuses the image and file URL %s over REST and the WebSocket',
    async (url) => {
      const image = await send('ann', { type: 'image', url })
      expect(image.status).toBe(400)
      expect(image.body.error.code).toBe('validation_failed')
      const file = await send('ann', { type: 'file', url, name: 'x.pdf', size: 10 })
      expect(file.status).toBe(400)
      const frame = await client.request({ type: 'message.send', clientMsgId: `u-${url.length}-${Math.random()}`, conversationId: groupId, body: { type: 'image', url } })
      expect(frame.type).toBe('error')
      expect(frame.code).toBe('validation_failed')
    },
  )

  it('accepts https URLs and the server’s own file URLs', async () => {
    expect((await send('ann', { type: 'image', url: 'https://cdn.example.com/a.png' })).status).toBe(200)
    expect((await send('ann', { type: 'image', url: '/files/f_1?app=a&exp=1&sig=ab' })).status).toBe(200)
  })

  it('lets only bots attach citations, and only with safe URLs', async () => {
    const citations = [{ index: 1, title: 'Refunds', url: 'https://docs.example.com/refunds' }]
    const byPerson = await send('ann', { type: 'text', text: 'trust me [1]' }, { citations })
    expect(byPerson.status).toBe(403)
    expect(byPerson.body.error.code).toBe('forbidden')
    const overWs = await client.request({ type: 'message.send', clientMsgId: 'cite-ws', conversationId: groupId, body: { type: 'text', text: 'x [1]' }, ext: { citations } })
    expect(overWs.code).toBe('forbidden')
    expect((await send('helper-bot', { type: 'text', text: 'See [1]' }, { citations })).status).toBe(200)
    const unsafe = await send('helper-bot', { type: 'text', text: 'See [1]' }, { citations: [{ index: 1, url: 'javascript:alert(1)' }] })
    expect(unsafe.status).toBe(400)
    expect(unsafe.body.error.code).toBe('validation_failed')
  })

  it('lets a person forward a bot’s answer with its citations, and keeps them on the copy', async () => {
    const citations = [{ index: 1, title: 'Refunds', url: 'https://docs.example.com/refunds' }]
    const answer = await send('helper-bot', { type: 'text', text: 'See [1]' }, { citations })
    expect(answer.status).toBe(200)
    const direct = (await server.rest('POST', `/api/v1/apps/${app.id}/messages`, { secret: app.secret, body: { from: 'ann', to: 'ben', body: { type: 'text', text: 'hi' } } })).body
    direct.id = direct.conversationId
    const forwarded = await client.request({ type: 'message.forward', clientMsgId: 'fwd-cite', fromConversationId: groupId, seq: answer.body.seq, toConversationId: direct.id })
    expect(forwarded.type, JSON.stringify(forwarded)).toBe('result')
    const page = await client.request({ type: 'history', conversationId: direct.id, afterSeq: forwarded.data.seq - 1 })
    expect(page.data.events[0].ext).toMatchObject({ citations, forwardedFrom: { senderId: 'helper-bot' } })
  })

  it('holds profile avatar URLs to the same rule', async () => {
    const created = await server.rest('POST', `/api/v1/apps/${app.id}/users`, { secret: app.secret, body: { id: 'eve', name: 'Eve', avatarUrl: 'javascript:alert(1)' } })
    expect(created.status).toBe(400)
    expect(created.body.error.code).toBe('validation_failed')
    const updated = await server.rest('PATCH', `/api/v1/apps/${app.id}/users/ben`, { secret: app.secret, body: { avatarUrl: 'data:image/svg+xml,<svg onload=alert(1)>' } })
    expect(updated.status).toBe(400)
    const fine = await server.rest('PATCH', `/api/v1/apps/${app.id}/users/ben`, { secret: app.secret, body: { avatarUrl: 'https://cdn.example.com/ben.png' } })
    expect(fine.status).toBe(200)
    expect((await server.rest('PATCH', `/api/v1/apps/${app.id}/users/ben`, { secret: app.secret, body: { avatarUrl: null } })).status).toBe(200)
  })
})
